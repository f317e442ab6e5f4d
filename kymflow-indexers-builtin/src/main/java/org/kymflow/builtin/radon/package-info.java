/** The built-in Radon flow-velocity analysis. */
package org.kymflow.builtin.radon;
