package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import java.util.Set;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexReport;
import org.kymflow.runtime.UpdateMode;
import org.kymflow.table.PythonJson;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.KymDataset;
import org.kymflow.runtime.ProgressListener;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs analyses over a dataset; every name and param is checked before any image is read. */
@Command(name = "index", description = "Run analyses over every image of a dataset.")
final class IndexCommand extends DatasetCommand {
    /** The most threads a run may ask for: far past any machine's cores, and within what a thread pool takes. */
    static final int MAX_THREADS = 1024;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME", description = "analysis names")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "run every loaded analysis")
    boolean all;

    @Option(names = "--param", paramLabel = "PARAM", description = "NAME.KEY=VALUE, e.g. radon.window_size=32 (saved in the dataset's configuration)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--threads", paramLabel = "N", description = "cores used in total, an analysis's own parallel work included (default: all)")
    Integer threads;

    @Option(names = "--mode", paramLabel = "MODE", description = "incremental (default: only stale images) or replace (every image)")
    String mode = "incremental";

    @Option(names = "--image-timeout", paramLabel = "SECONDS",
            description = "fail an image that computes longer than this (its thread is interrupted; default: no limit)")
    Integer imageTimeout;

    @Option(names = "--keep-going", description = "record a failing image and go on (it keeps its old rows); exit 1 at the end")
    boolean keepGoing;

    @Option(names = "--image", paramLabel = "ID_OR_FILE", description = "only this image (id, id prefix or source file name); repeatable")
    List<String> images = new ArrayList<>();

    @Option(names = "--json", description = "print a JSON array with one report per analysis run")
    boolean json;

    @CommandLine.Mixin
    PluginsOption plugins;

    @Override
    public Integer call() {
        if (threads != null && (threads < 1 || threads > MAX_THREADS)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be from 1 to " + MAX_THREADS + ", was "
                    + threads + " (this machine has " + Runtime.getRuntime().availableProcessors() + " cores)");
        }
        IndexerCatalog catalog = plugins.discover();
        List<String> run = all ? catalog.loadedNames() : names;
        if (run.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name at least one analysis, or --all");
        }
        if (imageTimeout != null && imageTimeout < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--image-timeout must be at least 1 second, was " + imageTimeout);
        }
        plan(spec, catalog, run, params, AnalysisConfig.empty()); // names and params checked before the dataset is opened
        UpdateMode updateMode;
        try {
            updateMode = UpdateMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode " + e.getMessage());
        }
        PrintWriter out = out();
        List<IndexReport> reports = new ArrayList<>();
        try (ZarrDataset ds = openForWriting(); Interruption interruption = Interruption.install()) {
            // --param changes the dataset's configuration: the run, status, summary and the viewer then agree
            AnalysisConfig config = ParamsCommand.apply(spec, catalog, AnalysisConfig.load(ds), IndexPlan.paramsByIndexer(params));
            if (!config.equals(AnalysisConfig.load(ds))) {
                config.save(ds);
                if (!json) {
                    params.forEach((k, v) -> out.println("set " + k + "=" + v + " in the dataset's analysis configuration"
                            + " ('kymflow params' shows it, '--reset' restores the default)"));
                }
            }
            PlannedRun planned = plan(spec, catalog, run, Map.of(), config);
            IndexPlan plan = planned.plan();
            Map<String, Map<String, Object>> byIndexer = planned.params();
            List<BaseIndexer> indexers = plan.order();
            Set<String> selected = ImageNames.resolve(ds, images);
            KymDataset kym = new KymDataset(ds);
            Map<String, String> files = ImageNames.fileNames(ds);
            for (BaseIndexer indexer : indexers) {
                if (plan.addedAsInputs().contains(indexer.name()) && !json) {
                    out.println(indexer.name() + " is read by " + readersOf(indexer.name(), indexers)
                            + ": bringing it up to date first");
                }
                IndexOptions.Builder options = IndexOptions.builder().mode(updateMode).keepGoing(keepGoing).images(selected)
                        .cancelled(interruption::requested)
                        .origin(origin(catalog, indexer.name(), byIndexer.getOrDefault(indexer.name(), Map.of())))
                        .progress(json ? ProgressListener.NONE : progress(indexer.name(), out, files));
                if (threads != null) {
                    options.parallelism(threads);
                }
                if (imageTimeout != null) {
                    options.imageTimeout(java.time.Duration.ofSeconds(imageTimeout));
                }
                IndexReport report = kym.updateIndex(indexer, options.build());
                reports.add(report);
                if (!json) {
                    out.println(report.summary(id -> ImageNames.label(files, id)));
                }
                if (report.status() == org.kymflow.runtime.RunStatus.INTERRUPTED) {
                    break;
                }
            }
        }
        if (json) {
            out.println(PythonJson.indented(reports.stream().map(IndexReport::toJson).toList(), 2, false, false));
        }
        boolean interrupted = reports.stream().anyMatch(r -> r.status() == org.kymflow.runtime.RunStatus.INTERRUPTED);
        boolean failed = reports.stream().anyMatch(r -> !r.failed().isEmpty());
        return interrupted ? 130 : failed ? 1 : 0;
    }

    /**
     * A resolved run: the indexers in run order (inputs first) and the {@code --param}s split by indexer.
     *
     * @param plan the run order
     * @param params per indexer name, the params it runs with (the configuration overlaid with the given ones)
     */
    record PlannedRun(IndexPlan plan, Map<String, Map<String, Object>> params) {
    }

    /**
     * Splits NAME.KEY=VALUE params by indexer (once), resolves the run order with them over the dataset's
     * configuration, then refuses a param
     * for an analysis the run does not include: all three are bad usage.
     */
    static PlannedRun plan(CommandLine.Model.CommandSpec spec, IndexerCatalog catalog, List<String> run, Map<String, String> params,
                           AnalysisConfig config) {
        Map<String, Map<String, Object>> byIndexer;
        try {
            byIndexer = IndexPlan.paramsByIndexer(params);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Map<String, Map<String, Object>> effective = config.overlaid(byIndexer);
        IndexPlan plan = IndexPlan.resolve(catalog, run, effective);
        try {
            plan.requireParamsInPlan(byIndexer);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return new PlannedRun(plan, effective);
    }

    private static String readersOf(String input, List<BaseIndexer> indexers) {
        return String.join(", ", indexers.stream().filter(i -> i.inputs().contains(input)).map(BaseIndexer::name).toList());
    }

    private static IndexOptions.RunOrigin origin(IndexerCatalog catalog, String name, Map<String, Object> params) {
        Map<String, Object> resolved = new java.util.TreeMap<>();
        catalog.find(name).ifPresent(e -> resolved.putAll(e.defaultParams()));
        resolved.putAll(params);
        return catalog.find(name).map(e -> new IndexOptions.RunOrigin(resolved, e.origin(), e.jarSha256()))
                .orElse(new IndexOptions.RunOrigin(resolved, "unknown", null));
    }

    /** A bar on a terminal, one plain line per image otherwise (logs, pipes). */
    private static ProgressListener progress(String name, PrintWriter out, Map<String, String> files) {
        boolean tty = System.console() != null;
        return (done, total, id) -> {
            synchronized (out) {
                if (tty) {
                    int width = 30;
                    int filled = done * width / total;
                    out.printf("\r%-10s [%s%s] %d/%d", name, "#".repeat(filled), " ".repeat(width - filled), done, total);
                    if (done == total) {
                        out.println();
                    }
                } else {
                    out.printf("%s: %d/%d %s%n", name, done, total, ImageNames.label(files, id));
                }
                out.flush();
            }
        };
    }
}
