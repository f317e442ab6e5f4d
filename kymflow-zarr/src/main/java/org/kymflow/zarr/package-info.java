/**
 * Storage for KymFlow datasets: Zarr v2 groups and arrays laid out as the Python {@code kymflow_zarr}
 * package lays them out, Parquet dataset tables, and per-image artifacts. Start at
 * {@link org.kymflow.zarr.ZarrDataset}. This package knows nothing of kymographs, indexers or plugins.
 */
package org.kymflow.zarr;
