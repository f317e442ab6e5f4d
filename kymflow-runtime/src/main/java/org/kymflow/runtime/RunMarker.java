package org.kymflow.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The per-image run marker {@code analysis/<indexer>_run.json}, in the Python KymDataset's format
 * (marker_version "1" and its seven fields) plus our own fields, which Python ignores: the run id, the
 * pixel fingerprint the rows were made from and, for a failed attempt, what was attempted and why.
 *
 * <p>A failed attempt is written with empty params_hash and analysis_version, so that no reader, Python's
 * included, takes it for a fresh zero-row result.
 *
 * @param indexerName the indexer
 * @param paramsHash the params hash the rows were made with ("" for a failed attempt)
 * @param analysisVersion the analysis version ("" for a failed attempt)
 * @param rowCount the rows written for the image
 * @param ranUtcEpochNs when
 * @param status "ok" or "error"
 * @param runId the run that wrote it, or null (Python's markers have none)
 * @param pixelsFingerprint the pixels' fingerprint at the time, or null
 * @param attemptedParamsHash for a failed attempt, the params hash it had
 * @param error for a failed attempt, the cause
 * @param inputs the stamps of the input indexers' results the rows were made from (empty without inputs)
 */
record RunMarker(String indexerName, String paramsHash, String analysisVersion, long rowCount, long ranUtcEpochNs,
                 String status, String runId, String pixelsFingerprint, String attemptedParamsHash, String error,
                 Map<String, String> inputs) {
    static final String VERSION = "1";
    static final String OK = "ok";
    static final String ERROR = "error";

    /** @return the artifact name of an indexer's markers */
    static String artifactName(String indexer) {
        return indexer + "_run";
    }

    boolean isError() {
        return ERROR.equals(status);
    }

    boolean matches(String hash, String version) {
        return OK.equals(status) && hash.equals(paramsHash) && version.equals(analysisVersion);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("marker_version", VERSION);
        m.put("indexer_name", indexerName);
        m.put("params_hash", paramsHash);
        m.put("analysis_version", analysisVersion);
        m.put("n_rows", rowCount);
        m.put("ran_utc_epoch_ns", ranUtcEpochNs);
        m.put("status", status);
        if (runId != null) {
            m.put("run_id", runId);
        }
        if (pixelsFingerprint != null) {
            m.put("pixels_sha256", pixelsFingerprint);
        }
        if (attemptedParamsHash != null) {
            m.put("attempted_params_hash", attemptedParamsHash);
        }
        if (error != null) {
            m.put("error", error);
        }
        if (!inputs.isEmpty()) {
            m.put("inputs", new java.util.TreeMap<>(inputs));
        }
        return m;
    }

    /**
     * Reads a marker as Python's {@code validate_run_marker} accepts it.
     *
     * @param json the artifact's value
     * @return the marker, or empty when it is not a valid marker (then the image is stale, never an error)
     */
    static Optional<RunMarker> parse(Object json) {
        if (!(json instanceof Map<?, ?> m) || !VERSION.equals(m.get("marker_version"))
                || !(m.get("indexer_name") instanceof String name) || name.isBlank()
                || !(m.get("params_hash") instanceof String hash) || !(m.get("analysis_version") instanceof String version)
                || !(m.get("n_rows") instanceof Number rows) || !isWhole(rows) || rows.longValue() < 0
                || !(m.get("ran_utc_epoch_ns") instanceof Number ran) || !isWhole(ran) || ran.longValue() <= 0
                || !(m.get("status") instanceof String status)) {
            return Optional.empty();
        }
        return Optional.of(new RunMarker(name, hash, version, rows.longValue(), ran.longValue(), status,
                m.get("run_id") instanceof String r ? r : null, m.get("pixels_sha256") instanceof String p ? p : null,
                m.get("attempted_params_hash") instanceof String a ? a : null, m.get("error") instanceof String e ? e : null,
                stringMap(m.get("inputs"))));
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new java.util.TreeMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    private static boolean isWhole(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof java.math.BigInteger;
    }
}
