package org.kymflow.runtime;

/** How {@link KymDataset#updateIndex} treats existing rows. */
public enum UpdateMode {
    /**
     * Recompute every image and replace the table; rows of images no longer in the dataset are dropped.
     * (An incremental mode that skips images whose params hash is unchanged is future work.)
     */
    REPLACE
}
