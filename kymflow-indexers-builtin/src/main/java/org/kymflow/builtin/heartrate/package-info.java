/** The heart rate from a velocity trace: the Python kymflow's pipeline, ported with scipy's semantics, and a refined peak. */
package org.kymflow.builtin.heartrate;
