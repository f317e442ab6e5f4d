package org.kymflow.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered, uniquely named fields of a {@link Table}. Immutable.
 *
 * @param fields the fields in column order
 */
public record Schema(List<Field> fields) {
    /**
     * Copies the field list and checks that names are unique.
     *
     * @param fields the fields in column order
     */
    public Schema {
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            Integer previous = seen.put(fields.get(i).name(), i);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate column name '" + fields.get(i).name()
                        + "' at positions " + previous + " and " + i);
            }
        }
    }

    /**
     * @param fields the fields in column order
     * @return a schema of those fields
     */
    public static Schema of(Field... fields) {
        return new Schema(Arrays.asList(fields));
    }

    /** @return the number of columns */
    public int size() {
        return fields.size();
    }

    /**
     * @param name a column name
     * @return its position, or -1 when absent
     */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param name a column name
     * @return whether the schema has that column
     */
    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /**
     * @param name a column name
     * @return the field
     * @throws IllegalArgumentException naming the column and the columns present when absent
     */
    public Field field(String name) {
        int index = indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + name + "'; columns are " + names());
        }
        return fields.get(index);
    }

    /**
     * @param index a column position
     * @return the field at that position
     */
    public Field field(int index) {
        Objects.checkIndex(index, fields.size());
        return fields.get(index);
    }

    /** @return the column names in order */
    public List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        for (Field f : fields) {
            names.add(f.name());
        }
        return names;
    }

    /**
     * The union of several schemas: columns in order of first appearance; a column missing from any
     * schema, or nullable in any, is nullable.
     *
     * @param schemas the schemas to unite
     * @return the united schema
     * @throws IllegalArgumentException when one column name has two types, naming the column and both types
     */
    public static Schema union(List<Schema> schemas) {
        Map<String, Field> united = new LinkedHashMap<>();
        for (Schema schema : schemas) {
            for (Field field : schema.fields()) {
                Field known = united.get(field.name());
                if (known == null) {
                    united.put(field.name(), field);
                } else if (known.type() != field.type()) {
                    throw new IllegalArgumentException("column '" + field.name() + "' has type " + known.type()
                            + " in one table and " + field.type() + " in another");
                } else if (field.nullable() && !known.nullable()) {
                    united.put(field.name(), field);
                }
            }
        }
        List<Field> out = new ArrayList<>(united.size());
        for (Field field : united.values()) {
            boolean everywhere = true;
            for (Schema schema : schemas) {
                everywhere &= schema.contains(field.name());
            }
            out.add(everywhere ? field : field.asNullable());
        }
        return new Schema(out);
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
