/**
 * The key-value seam under a dataset ({@link org.kymflow.zarr.store.KeyValueStore}) and its two
 * implementations: a folder on disk and memory.
 */
package org.kymflow.zarr.store;
