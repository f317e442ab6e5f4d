package org.kymflow.runtime;

import java.util.List;

/**
 * One dataset table as its Parquet footer describes it, or why it could not be read: a listing names a bad
 * table and still lists the others.
 *
 * @param name the table name
 * @param rows its row count, or null when unreadable
 * @param columns its column names (empty when unreadable)
 * @param error why it could not be read, naming the file, or null
 */
public record TableSummary(String name, Long rows, List<String> columns, String error) {
    /**
     * Copies the list.
     *
     * @param name see the record
     * @param rows see the record
     * @param columns see the record
     * @param error see the record
     */
    public TableSummary {
        columns = List.copyOf(columns);
    }
}
