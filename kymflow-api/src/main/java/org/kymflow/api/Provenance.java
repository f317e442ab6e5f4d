package org.kymflow.api;

import java.util.List;

/** The columns the runtime adds to every row; indexers must not return them with other values. */
public final class Provenance {
    /** The image the row came from. */
    public static final String IMAGE_ID = "image_id";
    /** {@link BaseIndexer#analysisVersion()} of the run that made the row. */
    public static final String ANALYSIS_VERSION = "analysis_version";
    /** {@link BaseIndexer#paramsHash} for the row's image. */
    public static final String PARAMS_HASH = "params_hash";
    /** All three, in the order they lead every table. */
    public static final List<String> COLUMNS = List.of(IMAGE_ID, ANALYSIS_VERSION, PARAMS_HASH);

    private Provenance() {
    }
}
