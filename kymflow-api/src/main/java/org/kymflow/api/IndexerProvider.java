package org.kymflow.api;

import java.util.Map;

/**
 * The service a plugin offers: named in {@code META-INF/services/org.kymflow.api.IndexerProvider} and
 * found with {@link java.util.ServiceLoader}. It describes one analysis and creates configured indexers.
 * Needs a public no-argument constructor.
 */
public interface IndexerProvider {
    /** @return the indexer name, {@code [a-z][a-z0-9_]*}, the same as the indexers it creates */
    String name();

    /** @return one line saying what the analysis computes */
    String description();

    /** @return every accepted parameter with its default value; the types of these values are the accepted types */
    Map<String, Object> defaultParams();

    /**
     * Creates an indexer. Missing params take their defaults; see {@link Params#resolve} for the checks.
     *
     * @param params parameter values by name
     * @return the configured indexer
     * @throws IllegalArgumentException naming the key when a param is unknown or ill-typed or out of range
     */
    BaseIndexer create(Map<String, Object> params);
}
