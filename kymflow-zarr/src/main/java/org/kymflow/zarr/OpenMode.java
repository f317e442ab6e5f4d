package org.kymflow.zarr;

/** How a dataset is opened; the same three modes as Python's {@code "r"}, {@code "a"}, {@code "w"}. */
public enum OpenMode {
    /** Read only: every write throws {@link ReadOnlyDatasetException}; takes no lock. */
    READ,
    /** Read and write; creates the dataset when absent. Takes the writer lock. */
    APPEND,
    /**
     * Create a new, empty dataset, replacing an existing KymFlow dataset at that path (as Python's "w").
     * A non-empty folder that is not a Zarr group is never deleted: opening it fails instead.
     */
    WRITE
}
