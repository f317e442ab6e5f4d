/** KymDataset, plugin discovery and isolation, name policy, ingest. */
package org.kymflow.runtime;
