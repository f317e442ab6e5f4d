package org.kymflow.table;

import java.util.Objects;

/**
 * One named, typed column of a {@link Schema}.
 *
 * @param name the column name, non-empty
 * @param type the value type
 * @param nullable whether the column may hold nulls
 */
public record Field(String name, ColumnType type, boolean nullable) {
    /**
     * Validates the arguments.
     *
     * @param name the column name, non-empty
     * @param type the value type
     * @param nullable whether the column may hold nulls
     */
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("field name must not be empty");
        }
    }

    /**
     * A nullable field.
     *
     * @param name column name
     * @param type value type
     * @return the field
     */
    public static Field of(String name, ColumnType type) {
        return new Field(name, type, true);
    }

    /**
     * A field that never holds nulls.
     *
     * @param name column name
     * @param type value type
     * @return the field
     */
    public static Field required(String name, ColumnType type) {
        return new Field(name, type, false);
    }

    /** @return this field, made nullable */
    public Field asNullable() {
        return nullable ? this : new Field(name, type, true);
    }

    @Override
    public String toString() {
        return name + ":" + type + (nullable ? "?" : "");
    }
}
