package org.kymflow.runtime;

/** How {@link KymDataset#updateIndex} treats existing rows. */
public enum UpdateMode {
    /** Recompute every image (of the run's selection) and replace its rows; the specification's default. */
    REPLACE,
    /**
     * Recompute only stale images ({@link KymDataset#staleness}); fresh images keep their rows as they are,
     * copied without being decoded.
     */
    INCREMENTAL;

    /**
     * @param name {@code incremental} or {@code replace}, in any case, as the command lines take it
     * @return the mode
     * @throws IllegalArgumentException saying "must be incremental or replace, was NAME" otherwise
     */
    public static UpdateMode parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "incremental" -> INCREMENTAL;
            case "replace" -> REPLACE;
            default -> throw new IllegalArgumentException("must be incremental or replace, was " + name);
        };
    }
}
