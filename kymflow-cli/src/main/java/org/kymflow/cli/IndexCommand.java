package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.KymDataset;
import org.kymflow.runtime.ProgressListener;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs analyses over a dataset; every name and param is checked before any image is read. */
@Command(name = "index", mixinStandardHelpOptions = true, description = "Run analyses over every image of a dataset.")
final class IndexCommand extends DatasetCommand {
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME", description = "analysis names")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "run every loaded analysis")
    boolean all;

    @Option(names = "--param", paramLabel = "NAME.KEY=VALUE", description = "a parameter, e.g. radon.window_size=32")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--threads", paramLabel = "N", description = "images processed at once (default: processors)")
    Integer threads;

    @CommandLine.Mixin
    PluginsOption plugins;

    @Override
    public Integer call() {
        if (threads != null && threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, was " + threads);
        }
        IndexerCatalog catalog = plugins.discover();
        List<String> run = all ? catalog.loadedNames() : names;
        if (run.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name at least one analysis, or --all");
        }
        Map<String, Map<String, Object>> byIndexer = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : params.entrySet()) {
            int dot = p.getKey().indexOf('.');
            if (dot < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param must be NAME.KEY=VALUE, was " + p.getKey());
            }
            String indexer = p.getKey().substring(0, dot);
            if (!run.contains(indexer)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param " + p.getKey() + " is for '" + indexer
                        + "', which this run does not include (running " + run + ")");
            }
            byIndexer.computeIfAbsent(indexer, k -> new LinkedHashMap<>()).put(p.getKey().substring(dot + 1), p.getValue());
        }
        List<BaseIndexer> indexers = new ArrayList<>();
        for (String name : run) {
            indexers.add(catalog.create(name, byIndexer.getOrDefault(name, Map.of())));
        }
        PrintWriter out = out();
        try (ZarrDataset ds = openForWriting()) {
            KymDataset kym = new KymDataset(ds);
            for (BaseIndexer indexer : indexers) {
                IndexOptions.Builder options = IndexOptions.builder().progress(progress(indexer.name(), out));
                if (threads != null) {
                    options.parallelism(threads);
                }
                out.println(kym.updateIndex(indexer, options.build()).summary());
            }
        }
        return 0;
    }

    /** A bar on a terminal, one plain line per image otherwise (logs, pipes). */
    private static ProgressListener progress(String name, PrintWriter out) {
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
                    out.printf("%s: %d/%d %s%n", name, done, total, id);
                }
                out.flush();
            }
        };
    }
}
