/** Zarr storage. */
package org.kymflow.zarr;
