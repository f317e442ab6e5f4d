package org.kymflow.runtime;

/** How {@link KymDataset#updateIndex} treats existing rows. */
public enum UpdateMode {
    /** Recompute every image (of the run's selection) and replace its rows; the specification's default. */
    REPLACE,
    /**
     * Recompute only stale images ({@link KymDataset#staleness}); fresh images keep their rows as they are,
     * copied without being decoded.
     */
    INCREMENTAL
}
