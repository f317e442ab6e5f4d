/** The built-in ROI statistics analysis. */
package org.kymflow.builtin.roistats;
