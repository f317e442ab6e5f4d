package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kymflow.api.BaseIndexer;
import org.kymflow.cli.common.AnalysisRunOptions;
import org.kymflow.cli.common.Interruption;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexReport;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.ProgressListener;
import org.kymflow.runtime.UpdateMode;
import org.kymflow.table.PythonJson;
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

    @Option(names = "--threads", paramLabel = "N", description = "cores used in total, an analysis's own parallel work included (default: all)")
    Integer threads;

    @Option(names = "--image-timeout", paramLabel = "SECONDS",
            description = "fail an image that computes longer than this (its thread is interrupted; default: no limit)")
    Integer imageTimeout;

    @Option(names = "--image", paramLabel = "ID_OR_FILE", description = "only this image (id, id prefix or source file name); repeatable")
    List<String> images = new ArrayList<>();

    @CommandLine.Mixin
    AnalysisRunOptions options;

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
        // names, params and mode checked before the dataset is opened
        AnalysisRunOptions.plan(spec, catalog, run, options.params(), AnalysisConfig.empty());
        UpdateMode updateMode = options.updateMode(spec);
        boolean json = options.json();
        PrintWriter out = out();
        List<IndexReport> reports = new ArrayList<>();
        try (DatasetWriter ds = openForWriting(); Interruption interruption = Interruption.install("kymflow")) {
            // --param changes the dataset's configuration: the run, status, summary and the viewer then agree
            AnalysisConfig before = ds.config();
            AnalysisConfig config = options.configWithParams(spec, catalog, before);
            if (!config.equals(before)) {
                ds.saveConfig(config);
                if (!json) {
                    options.params().forEach((k, v) -> out.println("set " + k + "=" + v + " in the dataset's analysis configuration"
                            + " ('kymflow params' shows it, '--reset' restores the default)"));
                }
            }
            AnalysisRunOptions.PlannedRun planned = AnalysisRunOptions.plan(spec, catalog, run, Map.of(), config);
            IndexPlan plan = planned.plan();
            Map<String, Map<String, Object>> byIndexer = planned.params();
            List<BaseIndexer> indexers = plan.order();
            Set<String> selected = ds.resolve(images);
            for (BaseIndexer indexer : indexers) {
                if (plan.addedAsInputs().contains(indexer.name()) && !json) {
                    out.println(indexer.name() + " is read by " + readersOf(indexer.name(), indexers)
                            + ": bringing it up to date first");
                }
                IndexOptions.Builder runOptions = IndexOptions.builder().mode(updateMode).keepGoing(options.keepGoing()).images(selected)
                        .cancelled(interruption::requested)
                        .origin(catalog.runOrigin(indexer.name(), byIndexer.getOrDefault(indexer.name(), Map.of())))
                        .progress(json ? ProgressListener.NONE : progress(indexer.name(), out, ds));
                if (threads != null) {
                    runOptions.parallelism(threads);
                }
                if (imageTimeout != null) {
                    runOptions.imageTimeout(java.time.Duration.ofSeconds(imageTimeout));
                }
                IndexReport report = ds.index(indexer, runOptions.build());
                reports.add(report);
                if (!json) {
                    out.println(report.summary(ds::label));
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

    private static String readersOf(String input, List<BaseIndexer> indexers) {
        return String.join(", ", indexers.stream().filter(i -> i.inputs().contains(input)).map(BaseIndexer::name).toList());
    }

    /** A bar on a terminal, one plain line per image otherwise (logs, pipes). */
    private static ProgressListener progress(String name, PrintWriter out, DatasetReader ds) {
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
                    out.printf("%s: %d/%d %s%n", name, done, total, ds.label(id));
                }
                out.flush();
            }
        };
    }
}
