package org.kymflow.runtime;

import java.util.Map;
import java.util.Objects;

/**
 * One indexer found by {@link IndexerCatalog}, or one plugin that failed to give one. Immutable.
 *
 * @param name the indexer name (for a FAILED plugin, the provider class or JAR name when no name was had)
 * @param description what it computes, or "" when unknown
 * @param analysisVersion its analysis version with default params, or "" when unknown
 * @param defaultParams its default params, empty when unknown
 * @param origin {@code built-in}, or the path of the plugin JAR or folder
 * @param jarSha256 SHA-256 hex of the plugin JAR (for a folder: of its JARs' hashes, in path order), null for built-ins
 * @param status LOADED, REJECTED or FAILED
 * @param reason why it is not LOADED; "" when it is
 */
public record CatalogEntry(String name, String description, String analysisVersion, Map<String, Object> defaultParams,
                           String origin, String jarSha256, Status status, String reason) {
    /** The outcome of discovering one indexer. */
    public enum Status {
        /** Usable. */
        LOADED,
        /** Found, but refused by the name policy or a duplicate name. */
        REJECTED,
        /** Could not be loaded: broken JAR, missing class, throwing provider. */
        FAILED
    }

    /**
     * Checks and copies.
     *
     * @param name the indexer name (for a FAILED plugin, the provider class or JAR name when no name was had)
     * @param description what it computes, or "" when unknown
     * @param analysisVersion its analysis version with default params, or "" when unknown
     * @param defaultParams its default params, empty when unknown
     * @param origin {@code built-in}, or the path of the plugin JAR or folder
     * @param jarSha256 SHA-256 hex of the plugin JAR (for a folder: of its JARs' hashes, in path order), null for built-ins
     * @param status LOADED, REJECTED or FAILED
     * @param reason why it is not LOADED; "" when it is
     */
    public CatalogEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(status, "status");
        defaultParams = Map.copyOf(defaultParams);
        description = description == null ? "" : description;
        analysisVersion = analysisVersion == null ? "" : analysisVersion;
        reason = reason == null ? "" : reason;
    }

    /** @return whether the entry is usable */
    public boolean isLoaded() {
        return status == Status.LOADED;
    }

    CatalogEntry withStatus(Status newStatus, String newReason) {
        return new CatalogEntry(name, description, analysisVersion, defaultParams, origin, jarSha256, newStatus, newReason);
    }

    /**
     * @return the entry as a JSON object: {@code name, description, analysis_version, default_params (sorted),
     *     origin, jar_sha256, status, reason}
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("analysis_version", analysisVersion);
        m.put("default_params", new java.util.TreeMap<>(defaultParams)); // a stable order, whatever map the plugin gave
        m.put("origin", origin);
        m.put("jar_sha256", jarSha256);
        m.put("status", status.name());
        m.put("reason", reason);
        return m;
    }
}
