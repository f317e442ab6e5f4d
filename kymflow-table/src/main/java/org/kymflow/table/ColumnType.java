package org.kymflow.table;

/** The value types a {@link Table} column can hold. Each maps onto one Parquet physical type. */
public enum ColumnType {
    /** UTF-8 text; Parquet {@code BINARY (STRING)}. */
    STRING,
    /** 64-bit signed integer; Parquet {@code INT64}. */
    LONG,
    /** 32-bit signed integer; Parquet {@code INT32}. */
    INT,
    /** 64-bit IEEE float; Parquet {@code DOUBLE}. NaN is a value, not a null. */
    DOUBLE,
    /** true or false; Parquet {@code BOOLEAN}. */
    BOOLEAN
}
