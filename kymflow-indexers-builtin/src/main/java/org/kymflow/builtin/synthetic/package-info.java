/** Synthetic kymographs with known velocity, for tests and the demo. */
package org.kymflow.builtin.synthetic;
