/**
 * Parquet I/O adapters: parquet-java's {@code InputFile} and {@code OutputFile} over the dataset store's
 * values, over bytes in memory, and over a staged output stream. Used by the dataset's table code; public
 * only because Java packages require it, and not part of what embedders should build on.
 */
package org.kymflow.zarr.parquet;
