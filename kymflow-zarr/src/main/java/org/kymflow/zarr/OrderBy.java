package org.kymflow.zarr;

/** The order in which {@link ZarrDataset#iterRecords(OrderBy)} visits images. */
public enum OrderBy {
    /** By image id, lexicographically: stable and cheap. */
    IMAGE_ID,
    /** By the record's {@code created_utc} attribute, then image id. */
    CREATED,
    /** By the acquisition time in the metadata header ({@code acquired_local_epoch_ns}); unknown last. */
    ACQUIRED
}
