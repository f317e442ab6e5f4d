package org.kymflow.zarr;

/** The attribute keys of {@code .zattrs} files (root, images, array artifacts), each defined once, as Python writes them. */
final class Attrs {
    static final String FORMAT = "format";
    static final String SCHEMA_VERSION = "schema_version";
    static final String CREATED_UTC = "created_utc";
    static final String UPDATED_UTC = "updated_utc";
    static final String AXES = "axes";

    private Attrs() {
    }
}
