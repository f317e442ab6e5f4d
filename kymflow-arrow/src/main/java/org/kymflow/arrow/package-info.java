/**
 * Optional Apache Arrow interchange: {@link org.kymflow.arrow.ArrowTables} turns a kymflow table into Arrow
 * vectors and IPC files and back. Nothing in kymflow-api, -runtime or -zarr depends on it.
 */
package org.kymflow.arrow;
