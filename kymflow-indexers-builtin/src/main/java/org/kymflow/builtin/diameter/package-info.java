/**
 * Vessel diameter per line of a cross-section scan: the Python kymflow's {@code threshold_width} and
 * {@code gradient_edges} as it computes them, and a sub-pixel fit of the lumen's profile of ours.
 */
package org.kymflow.builtin.diameter;
