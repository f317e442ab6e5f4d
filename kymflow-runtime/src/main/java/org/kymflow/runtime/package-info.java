/** The embeddable library: KymDataset (update, name policy), plugin discovery and isolation, the read-only record view. */
package org.kymflow.runtime;
