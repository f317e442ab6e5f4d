package org.kymflow.zarr;

import org.kymflow.table.Schema;

/**
 * What a dataset table holds, read from its Parquet footer alone (no rows decoded).
 *
 * @param name the table name
 * @param schema its columns
 * @param rowCount its rows
 */
public record TableInfo(String name, Schema schema, long rowCount) {
}
