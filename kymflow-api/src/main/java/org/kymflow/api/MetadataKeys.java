package org.kymflow.api;

/**
 * The keys of an image's metadata payload ({@code analysis/metadata.json}, as the Python kymflow app writes
 * it), defined once for everything that reads or writes it: ingest, the views plugins get, the command line
 * and the viewer.
 */
public final class MetadataKeys {
    /** The acquisition header: {@code voxels}, {@code voxels_units}, {@code acquired_local_epoch_ns}, ... */
    public static final String HEADER = "header";
    /** The experiment's fields, as the lab typed them in the sidecar. */
    public static final String EXPERIMENT_METADATA = "experiment_metadata";
    /** The ROIs, a list (see {@link Roi#parseAll}). */
    public static final String ROIS = "rois";
    /** In the header: {@code [delt s/line, delx um/pixel]}. */
    public static final String VOXELS = "voxels";
    /** In the header: the units of {@link #VOXELS}, {@code ["s", "um"]}. */
    public static final String VOXELS_UNITS = "voxels_units";
    /** In the header: the acquisition time on the microscope's local clock, nanoseconds since 1970 as if UTC. */
    public static final String ACQUIRED_LOCAL_EPOCH_NS = "acquired_local_epoch_ns";
    /** In a ROI: what it measures, {@code "velocity"} (the default) or {@code "diameter"}. */
    public static final String KIND = "kind";

    private MetadataKeys() {
    }
}
