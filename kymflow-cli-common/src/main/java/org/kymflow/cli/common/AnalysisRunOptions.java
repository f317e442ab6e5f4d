package org.kymflow.cli.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.UpdateMode;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of a run of analyses, as a picocli mixin ({@code @Mixin AnalysisRunOptions run;}): the params
 * (saved in the dataset's configuration), the update mode, keep-going and JSON output. Every bad name, key,
 * value or mode is bad usage (exit 2) naming the valid choices, before any image is read.
 */
public final class AnalysisRunOptions {
    @Option(names = "--param", paramLabel = "PARAM",
            description = "NAME.KEY=VALUE, e.g. radon.window_size=32 (repeatable; saved in the dataset's configuration)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--mode", paramLabel = "MODE", description = "incremental (default: only stale images) or replace (every image)")
    String mode = "incremental";

    @Option(names = "--keep-going", description = "record a failing image and go on (it keeps its old rows); exit 1 at the end")
    boolean keepGoing;

    @Option(names = "--json", description = "print a JSON array with one report per analysis run")
    boolean json;

    /** @return the {@code --param} values as given, NAME.KEY to VALUE */
    public Map<String, String> params() {
        return params;
    }

    /** @return whether to go on past failing images */
    public boolean keepGoing() {
        return keepGoing;
    }

    /** @return whether to print JSON reports */
    public boolean json() {
        return json;
    }

    /**
     * @param spec the command, for its usage error
     * @return the update mode
     * @throws CommandLine.ParameterException naming the modes when it is not one
     */
    public UpdateMode updateMode(CommandSpec spec) {
        try {
            return UpdateMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode " + e.getMessage());
        }
    }

    /**
     * @param spec the command, for its usage error
     * @return the {@code --param}s split by analysis, each value typed as JSON reads it
     * @throws CommandLine.ParameterException when one is not NAME.KEY=VALUE
     */
    public Map<String, Map<String, Object>> paramsByIndexer(CommandSpec spec) {
        return paramsByIndexer(spec, params);
    }

    /**
     * The dataset's configuration with the {@code --param}s set, each checked as a run checks it.
     *
     * @param spec the command, for its usage error
     * @param catalog the analyses available
     * @param config the dataset's configuration
     * @return the configuration to save and run with
     * @throws CommandLine.ParameterException naming a bad analysis, key or value and the valid choices
     */
    public AnalysisConfig configWithParams(CommandSpec spec, IndexerCatalog catalog, AnalysisConfig config) {
        return withParams(spec, catalog, config, paramsByIndexer(spec));
    }

    /**
     * A resolved run: the analyses in run order (inputs first) and the params each runs with.
     *
     * @param plan the run order
     * @param params per analysis, its params: the configuration overlaid with the given ones
     */
    public record PlannedRun(IndexPlan plan, Map<String, Map<String, Object>> params) {
    }

    /**
     * Splits NAME.KEY=VALUE params by analysis, resolves the run order with them over a configuration, and
     * refuses a param for an analysis the run does not include: all three are bad usage.
     *
     * @param spec the command, for its usage error
     * @param catalog the analyses available
     * @param names the analyses asked for
     * @param params NAME.KEY to VALUE
     * @param config the configuration the params are laid over
     * @return the plan and the params of each analysis
     * @throws CommandLine.ParameterException naming what is wrong
     */
    public static PlannedRun plan(CommandSpec spec, IndexerCatalog catalog, List<String> names, Map<String, String> params,
                                  AnalysisConfig config) {
        Map<String, Map<String, Object>> byIndexer = paramsByIndexer(spec, params);
        Map<String, Map<String, Object>> effective = config.overlaid(byIndexer);
        IndexPlan plan = IndexPlan.resolve(catalog, names, effective);
        try {
            plan.requireParamsInPlan(byIndexer);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return new PlannedRun(plan, effective);
    }

    /**
     * Sets params in a configuration, each checked as a run would check it.
     *
     * @param spec the command, for its usage error
     * @param catalog the analyses available
     * @param config the configuration to change
     * @param byIndexer per analysis, the params to set
     * @return the new configuration
     * @throws CommandLine.ParameterException naming a bad analysis, key or value and the valid choices
     */
    public static AnalysisConfig withParams(CommandSpec spec, IndexerCatalog catalog, AnalysisConfig config,
                                            Map<String, Map<String, Object>> byIndexer) {
        AnalysisConfig out = config;
        for (Map.Entry<String, Map<String, Object>> e : byIndexer.entrySet()) {
            try {
                out = out.with(catalog, e.getKey(), e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
            }
        }
        return out;
    }

    private static Map<String, Map<String, Object>> paramsByIndexer(CommandSpec spec, Map<String, String> params) {
        try {
            return IndexPlan.paramsByIndexer(params);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
