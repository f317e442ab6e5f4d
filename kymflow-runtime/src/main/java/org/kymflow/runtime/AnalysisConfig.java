package org.kymflow.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.kymflow.api.Params;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrDatasetReader;
import org.kymflow.zarr.ZarrException;

/**
 * The dataset's analysis configuration: per analysis, the params that differ from its defaults. It lives in
 * the dataset as the plain JSON document {@code analysis_config.json} at its root
 * ({@code {"format": "kymflow_analysis_config_v1", "params": {"radon": {"window_size": 32}}}}), which Zarr
 * readers ignore and Python reads with {@code json.load}. Every run, staleness question, summary and view
 * of the dataset resolves its indexers with it, so a param set once is the param everything agrees on.
 *
 * <p>Immutable: the {@code with}/{@code reset} methods return a new configuration, which {@link #save}
 * writes. Values are kept as the analysis's params coerce them (a number given as text is stored as a
 * number), and a value equal to the default is not kept.
 */
public final class AnalysisConfig {
    /** The document's name: {@code analysis_config.json} at the dataset's root. */
    public static final String DOCUMENT = "analysis_config";
    /** The value of the document's {@code format} key. */
    public static final String FORMAT = "kymflow_analysis_config_v1";
    static final String FORMAT_KEY = "format";
    static final String PARAMS_KEY = "params";
    private static final AnalysisConfig EMPTY = new AnalysisConfig(Map.of());

    private final Map<String, Map<String, Object>> params;

    private AnalysisConfig(Map<String, Map<String, Object>> params) {
        Map<String, Map<String, Object>> copy = new TreeMap<>();
        params.forEach((name, values) -> {
            if (!values.isEmpty()) {
                copy.put(name, Collections.unmodifiableMap(new TreeMap<>(values)));
            }
        });
        this.params = Collections.unmodifiableMap(copy);
    }

    /** @return a configuration in which every analysis runs with its defaults */
    public static AnalysisConfig empty() {
        return EMPTY;
    }

    /**
     * Reads the dataset's configuration.
     *
     * @param dataset the dataset (a reader is enough)
     * @return its configuration; {@link #empty()} when it has none
     * @throws ZarrException naming the file when the document is not a configuration
     */
    public static AnalysisConfig load(ZarrDatasetReader dataset) {
        return dataset.loadDocument(DOCUMENT).map(doc -> parse(doc, dataset.location())).orElse(EMPTY);
    }

    private static AnalysisConfig parse(Object doc, String where) {
        String file = where + "/" + DOCUMENT + ".json";
        if (!(doc instanceof Map<?, ?> m) || !FORMAT.equals(m.get(FORMAT_KEY)) || !(m.get(PARAMS_KEY) instanceof Map<?, ?> p)) {
            throw new ZarrException(file + ": not an analysis configuration (expected {\"format\": \"" + FORMAT
                    + "\", \"params\": {ANALYSIS: {KEY: VALUE}}}); fix it, or delete it to run every analysis with its defaults");
        }
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : p.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> values)) {
                throw new ZarrException(file + ": the params of '" + e.getKey() + "' must be an object, were " + e.getValue());
            }
            Map<String, Object> own = new TreeMap<>();
            values.forEach((k, v) -> own.put(String.valueOf(k), v));
            out.put(String.valueOf(e.getKey()), own);
        }
        return new AnalysisConfig(out);
    }

    /**
     * Writes this configuration into the dataset, atomically (an empty configuration is written too, so that
     * a reset is on record).
     *
     * @param dataset the dataset, open for writing
     */
    public void save(ZarrDataset dataset) {
        dataset.saveDocument(DOCUMENT, toJson());
    }

    /** @return the document as plain maps: {@code format} and {@code params} */
    public Map<String, Object> toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(FORMAT_KEY, FORMAT);
        doc.put(PARAMS_KEY, params);
        return doc;
    }

    /** @return per analysis name, its params that differ from the defaults (sorted, unmodifiable) */
    public Map<String, Map<String, Object>> params() {
        return params;
    }

    /**
     * @param indexer an analysis name
     * @return its params that differ from the defaults; empty when it runs with its defaults
     */
    public Map<String, Object> paramsFor(String indexer) {
        return params.getOrDefault(indexer, Map.of());
    }

    /**
     * The params a run resolves its indexers with: this configuration, overlaid with the given ones.
     *
     * @param overrides per analysis, params that win over the configuration (for example a what-if question)
     * @return per analysis name, its params
     */
    public Map<String, Map<String, Object>> overlaid(Map<String, Map<String, Object>> overrides) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        params.forEach((name, values) -> out.put(name, new TreeMap<>(values)));
        overrides.forEach((name, values) -> out.computeIfAbsent(name, k -> new TreeMap<>()).putAll(values));
        return out;
    }

    /**
     * Sets params of one analysis, checked as a run would check them: the analysis must be loaded, every key
     * one of its params, every value of the param's type and accepted by the analysis itself.
     *
     * @param catalog the analyses available
     * @param indexer the analysis name
     * @param values keys to values; a null value restores that key's default
     * @return the new configuration
     * @throws IllegalArgumentException naming the analysis, key or value and the valid choices
     */
    public AnalysisConfig with(IndexerCatalog catalog, String indexer, Map<String, ?> values) {
        CatalogEntry entry = loaded(catalog, indexer);
        Map<String, Object> merged = new TreeMap<>(paramsFor(indexer));
        Map<String, Object> given = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v == null) {
                if (!entry.defaultParams().containsKey(k)) {
                    throw new IllegalArgumentException(indexer + ": unknown param '" + k + "'; accepted params are "
                            + new java.util.TreeSet<>(entry.defaultParams().keySet()));
                }
                merged.remove(k);
            } else {
                given.put(k, v);
            }
        });
        Map<String, Object> coerced = Params.resolve(indexer, entry.defaultParams(), given).asMap();
        given.keySet().forEach(k -> merged.put(k, coerced.get(k)));
        merged.entrySet().removeIf(e -> Objects.equals(e.getValue(), entry.defaultParams().get(e.getKey())));
        catalog.create(indexer, merged); // the analysis's own checks (a window size too small, say)
        Map<String, Map<String, Object>> all = new TreeMap<>(params);
        all.put(indexer, merged);
        return new AnalysisConfig(all);
    }

    /**
     * Restores defaults.
     *
     * @param indexer the analysis name
     * @param key one param to restore, or null for all of the analysis's params
     * @return the new configuration
     */
    public AnalysisConfig reset(String indexer, String key) {
        Map<String, Map<String, Object>> all = new TreeMap<>(params);
        if (key == null) {
            all.remove(indexer);
        } else if (all.containsKey(indexer)) {
            Map<String, Object> own = new TreeMap<>(all.get(indexer));
            own.remove(key);
            all.put(indexer, own);
        }
        return new AnalysisConfig(all);
    }

    /**
     * @param catalog the analyses available
     * @return per loaded analysis, per param, its {@code value}, {@code default}, {@code is_default}, and its
     *     description ({@code type, min, max, choices, help}; see {@link IndexerCatalog#describeParams}): what
     *     {@code kymflow params --json} prints
     */
    public Map<String, Object> toJson(IndexerCatalog catalog) {
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        for (String name : catalog.loadedNames()) {
            Map<String, Object> params = new java.util.LinkedHashMap<>();
            Map<String, org.kymflow.api.ParamSpec> specs = new java.util.HashMap<>();
            catalog.describeParams(name).forEach(spec -> specs.put(spec.name(), spec));
            effective(catalog, name).forEach((key, p) -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("value", p.value());
                m.put("default", p.defaultValue());
                m.put("is_default", p.isDefault());
                org.kymflow.api.ParamSpec spec = specs.get(key);
                if (spec != null) {
                    m.put("type", spec.type());
                    m.put("min", spec.min());
                    m.put("max", spec.max());
                    m.put("choices", spec.choices());
                    m.put("help", spec.help());
                }
                params.put(key, m);
            });
            all.put(name, params);
        }
        return all;
    }

    /**
     * An analysis's effective params, each with whether it is the default.
     *
     * @param catalog the analyses available
     * @param indexer the analysis name
     * @return per key (sorted): its value and whether it is the default
     * @throws IllegalArgumentException naming the analysis and the loaded ones when it is not loaded
     */
    public Map<String, EffectiveParam> effective(IndexerCatalog catalog, String indexer) {
        CatalogEntry entry = loaded(catalog, indexer);
        Map<String, Object> values = Params.resolve(indexer, entry.defaultParams(), paramsFor(indexer)).asMap();
        Map<String, EffectiveParam> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, new EffectiveParam(v, entry.defaultParams().get(k),
                Objects.equals(v, entry.defaultParams().get(k)))));
        return out;
    }

    /**
     * One param as a run would use it.
     *
     * @param value the value used
     * @param defaultValue the analysis's default
     * @param isDefault whether the value is the default
     */
    public record EffectiveParam(Object value, Object defaultValue, boolean isDefault) {
    }

    /**
     * @param catalog the analyses available
     * @return the analyses this configuration names that are not loaded (a plugin removed since): their
     *     params are kept, and used again when it comes back
     */
    public List<String> unknownAnalyses(IndexerCatalog catalog) {
        return params.keySet().stream().filter(n -> catalog.find(n).filter(CatalogEntry::isLoaded).isEmpty()).toList();
    }

    private static CatalogEntry loaded(IndexerCatalog catalog, String indexer) {
        return catalog.find(indexer).filter(CatalogEntry::isLoaded).orElseThrow(() -> new IllegalArgumentException(
                "no loaded analysis '" + indexer + "'; available: " + catalog.loadedNames()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnalysisConfig other && params.equals(other.params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }

    @Override
    public String toString() {
        return "AnalysisConfig" + params;
    }
}
