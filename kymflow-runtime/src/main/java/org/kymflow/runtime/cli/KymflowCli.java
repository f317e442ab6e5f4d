package org.kymflow.runtime.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.Roi;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.runtime.CatalogEntry;
import org.kymflow.runtime.Exporter;
import org.kymflow.runtime.Plotter;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.IndexReport;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.Ingester;
import org.kymflow.runtime.KymDataset;
import org.kymflow.runtime.Rois;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.TableInfo;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code kymflow} command line. Exit codes: 0 success, 1 failure, 2 bad usage. */
@Command(name = "kymflow", mixinStandardHelpOptions = true, version = "kymflow 0.1.0",
        description = "Kymograph datasets: ingest, analyse and inspect.",
        subcommands = {KymflowCli.Demo.class, KymflowCli.Init.class, KymflowCli.Info.class, KymflowCli.Ingest.class,
                KymflowCli.Indexers.class, KymflowCli.Index.class, KymflowCli.Tables.class, KymflowCli.Show.class,
                KymflowCli.Validate.class, KymflowCli.Export.class, KymflowCli.Plot.class})
public final class KymflowCli implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Logs at INFO (timings, unchanged-params notices) instead of WARN. Takes effect because no logger
     * exists before the command line is parsed.
     *
     * @param verbose whether to log at INFO
     */
    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT, description = "log progress details (INFO)")
    void setVerbose(boolean verbose) {
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        out.flush(); // print() does not autoflush, and System.exit would drop what is buffered
        err.flush();
        System.exit(code);
    }

    /**
     * Runs a command in-process (for tests and embedding).
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new KymflowCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // the message, not a stack trace: every KymFlow exception names the file, image or param
            commandLine.getErr().println("kymflow: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static Path pluginsDir(Path given) {
        if (given != null) {
            return given;
        }
        String env = System.getenv("KYMFLOW_PLUGINS");
        return Path.of(env != null && !env.isBlank() ? env : "plugins");
    }

    /** The DATASET argument of the commands that only read, opened read-only (no lock, never blocks). */
    static final class ReadOnlyDataset {
        @Parameters(index = "0", description = "dataset folder")
        Path path;

        ZarrDataset open() {
            return ZarrDataset.open(path, OpenMode.READ);
        }
    }

    static PrintWriter out(CommandLine.Model.CommandSpec spec) {
        return spec.commandLine().getOut();
    }

    /** Makes a synthetic dataset with known velocities, runs every analysis, prints true beside measured. */
    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Run every analysis on a synthetic dataset with known velocities.")
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", description = "where to write the demo dataset (default: ./kymflow-demo)")
        Path dir = Path.of("kymflow-demo");

        @Override
        public Integer call() throws Exception {
            PrintWriter out = out(spec);
            Path dataset = dir.resolve("demo.zarr").toAbsolutePath();
            double delx = 0.284;
            double delt = 0.001;
            double[] velocities = {0.5, 1.0, -0.8, 1.3};
            Map<String, Double> truth = new LinkedHashMap<>();
            try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.WRITE)) {
                for (int i = 0; i < velocities.length; i++) {
                    double ppl = SyntheticKymograph.pixelsPerLine(velocities[i], delx, delt);
                    ZarrImageRecord r = ds.addImage(NdArray.ofUint16(SyntheticKymograph.draw(4000, 40, ppl, 20, i), 4000, 40));
                    r.saveMetadataPayload(Map.of("header", Map.of("voxels", List.of(delt, delx), "voxels_units", List.of("s", "um")),
                            "experiment_metadata", Map.of("note", "synthetic, true velocity " + velocities[i] + " mm/s"),
                            "rois", List.of(Rois.toEnvelope(new Roi(1, 1, 0, 2, 38, 0, 4000)))));
                    truth.put(r.imageId(), velocities[i]);
                }
                IndexerCatalog catalog = IndexerCatalog.discover(pluginsDir(null));
                KymDataset kym = new KymDataset(ds);
                for (String name : catalog.loadedNames()) {
                    IndexReport report = kym.updateIndex(catalog.create(name, Map.of()));
                    out.println(report.summary());
                }
                ds.updateManifest();
                Table radon = ds.loadTable("kym_radon");
                out.println();
                out.printf("%-38s %12s %14s%n", "image", "true mm/s", "measured mm/s");
                for (Map.Entry<String, Double> e : truth.entrySet()) {
                    Table rows = radon.filterEquals("image_id", e.getKey());
                    List<Double> values = new ArrayList<>();
                    for (int r = 0; r < rows.rowCount(); r++) {
                        double v = rows.getDouble("clean_velocity_mm_s", r);
                        if (!Double.isNaN(v)) {
                            values.add(v);
                        }
                    }
                    values.sort(null);
                    double median = values.isEmpty() ? Double.NaN : values.get(values.size() / 2);
                    out.printf("%-38s %12.3f %14.3f%n", e.getKey(), e.getValue(), median);
                }
            }
            out.println();
            out.println("dataset: " + dataset + "  (try: ./kymflow tables " + dataset + ")");
            return 0;
        }
    }

    /** Creates an empty dataset. */
    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create an empty dataset.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", description = "dataset folder, e.g. lab.zarr")
        Path dataset;

        @Override
        public Integer call() {
            if (Files.exists(dataset.resolve(".zgroup"))) {
                throw new IllegalArgumentException(dataset + " already holds a dataset");
            }
            try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.APPEND)) {
                out(spec).println("created " + ds.location());
            }
            return 0;
        }
    }

    /** Summarises a dataset. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Images, tables, row counts, schema version.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        ReadOnlyDataset dataset;

        @Override
        public Integer call() {
            try (ZarrDataset ds = dataset.open()) {
                PrintWriter out = out(spec);
                Map<String, Object> attrs = ds.rootAttrs();
                out.println("dataset:        " + ds.location());
                out.println("format:         " + attrs.get("format") + " (schema_version " + attrs.get("schema_version") + ")");
                out.println("images:         " + ds.listImageIds().size());
                out.println("tables:");
                for (String t : ds.listTableNames()) {
                    out.printf("  %-24s %d rows%n", t, ds.describeTable(t).rowCount());
                }
            }
            return 0;
        }
    }

    /** Ingests a folder of TIFFs. */
    @Command(name = "ingest", mixinStandardHelpOptions = true, description = "Add every *.tif below FOLDER (new or changed files only).")
    static final class Ingest implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", description = "dataset folder (created when absent)")
        Path dataset;
        @Parameters(index = "1", description = "folder of kymograph TIFFs with .txt headers and .json sidecars")
        Path folder;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("no folder " + folder);
            }
            try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.APPEND)) {
                Ingester.Result r = Ingester.ingest(ds, folder);
                PrintWriter out = out(spec);
                r.added().forEach(p -> out.println("added     " + p));
                r.updated().forEach(p -> out.println("updated   " + p));
                r.failed().forEach((p, why) -> spec.commandLine().getErr().println("skipped   " + p + ": " + why));
                out.printf("%d added, %d updated, %d unchanged, %d failed%n", r.added().size(), r.updated().size(),
                        r.unchanged().size(), r.failed().size());
                return r.failed().isEmpty() ? 0 : 1;
            }
        }
    }

    /** Lists the available analyses. */
    @Command(name = "indexers", mixinStandardHelpOptions = true, description = "List available analyses, built-in and plugins.")
    static final class Indexers implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--plugins", description = "plugins folder (default: $KYMFLOW_PLUGINS or ./plugins)")
        Path plugins;
        @Option(names = "--json", description = "print JSON")
        boolean json;
        @Option(names = "--strict", description = "fail when any plugin is REJECTED or FAILED")
        boolean strict;

        @Override
        public Integer call() {
            IndexerCatalog catalog = discover(plugins, strict);
            PrintWriter out = out(spec);
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (CatalogEntry e : catalog.entries()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", e.name());
                    m.put("description", e.description());
                    m.put("analysis_version", e.analysisVersion());
                    m.put("default_params", e.defaultParams());
                    m.put("origin", e.origin());
                    m.put("jar_sha256", e.jarSha256());
                    m.put("status", e.status().name());
                    m.put("reason", e.reason());
                    list.add(m);
                }
                try {
                    out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(list));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("cannot print JSON", e);
                }
            } else {
                for (CatalogEntry e : catalog.entries()) {
                    out.printf("%-12s %-9s %-16s %s%n", e.name(), e.status(), e.analysisVersion(), e.description());
                    out.printf("             origin: %s%s%n", e.origin(), e.jarSha256() == null ? "" : "  sha256: " + e.jarSha256());
                    if (!e.defaultParams().isEmpty()) {
                        out.printf("             params: %s%n", e.defaultParams());
                    }
                    if (!e.isLoaded()) {
                        out.printf("             reason: %s%n", e.reason());
                    }
                }
            }
            return 0;
        }
    }

    static IndexerCatalog discover(Path plugins, boolean strict) {
        return IndexerCatalog.discover(pluginsDir(plugins), strict);
    }

    /** Runs analyses. */
    @Command(name = "index", mixinStandardHelpOptions = true, description = "Run analyses over every image of a dataset.")
    static final class Index implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", description = "dataset folder")
        Path dataset;
        @Parameters(index = "1..*", arity = "0..*", description = "analysis names")
        List<String> names = new ArrayList<>();
        @Option(names = "--all", description = "run every loaded analysis")
        boolean all;
        @Option(names = "--param", description = "NAME.KEY=VALUE, e.g. radon.window_size=32")
        Map<String, String> params = new LinkedHashMap<>();
        @Option(names = "--plugins", description = "plugins folder")
        Path plugins;
        @Option(names = "--threads", description = "images processed at once (default: processors)")
        Integer threads;
        @Option(names = "--strict", description = "fail when any plugin is REJECTED or FAILED")
        boolean strict;

        @Override
        public Integer call() {
            IndexerCatalog catalog = discover(plugins, strict);
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
                byIndexer.computeIfAbsent(p.getKey().substring(0, dot), k -> new LinkedHashMap<>()).put(p.getKey().substring(dot + 1), p.getValue());
            }
            List<BaseIndexer> indexers = new ArrayList<>();
            for (String name : run) {
                indexers.add(catalog.create(name, byIndexer.getOrDefault(name, Map.of())));
            }
            PrintWriter out = out(spec);
            boolean tty = System.console() != null;
            try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.APPEND)) {
                KymDataset kym = new KymDataset(ds);
                for (BaseIndexer indexer : indexers) {
                    IndexOptions.Builder options = IndexOptions.builder().progress((done, total, id) -> {
                        synchronized (out) {
                            if (tty) {
                                int width = 30;
                                int filled = done * width / total;
                                out.printf("\r%-10s [%s%s] %d/%d", indexer.name(), "#".repeat(filled), " ".repeat(width - filled), done, total);
                                if (done == total) {
                                    out.println();
                                }
                            } else {
                                out.printf("%s: %d/%d %s%n", indexer.name(), done, total, id);
                            }
                            out.flush();
                        }
                    });
                    if (threads != null) {
                        options.parallelism(threads);
                    }
                    out.println(kym.updateIndex(indexer, options.build()).summary());
                }
            }
            return 0;
        }
    }

    /** Lists tables. */
    @Command(name = "tables", mixinStandardHelpOptions = true, description = "List the dataset tables with row counts.")
    static final class Tables implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        ReadOnlyDataset dataset;

        @Override
        public Integer call() {
            try (ZarrDataset ds = dataset.open()) {
                for (String t : ds.listTableNames()) {
                    TableInfo info = ds.describeTable(t);
                    out(spec).printf("%-24s %8d rows  %s%n", t, info.rowCount(), info.schema().names());
                }
            }
            return 0;
        }
    }

    /** Shows a table. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a table's rows.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        ReadOnlyDataset dataset;
        @Parameters(index = "1", description = "table name, e.g. kym_radon")
        String table;
        @Option(names = "--image", description = "only this image's rows")
        String image;
        @Option(names = "--limit", description = "rows to print (default 20)")
        int limit = 20;
        @Option(names = "--csv", description = "print CSV (all selected rows up to --limit)")
        boolean csv;

        @Override
        public Integer call() {
            try (ZarrDataset ds = dataset.open()) {
                Table t = ds.loadTable(table);
                if (image != null) {
                    t = t.filterEquals("image_id", image);
                }
                if (csv) {
                    int n = Math.min(limit, t.rowCount());
                    int[] rows = java.util.stream.IntStream.range(0, n).toArray();
                    TableCsv.write(t.selectRows(rows), out(spec));
                } else {
                    out(spec).print(t.format(limit));
                }
            }
            return 0;
        }
    }

    /** Validates a dataset. */
    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a dataset against the on-disk contract.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        ReadOnlyDataset dataset;

        @Override
        public Integer call() {
            try (ZarrDataset ds = dataset.open()) {
                List<String> problems = ds.validate();
                problems.forEach(p -> spec.commandLine().getErr().println("problem: " + p));
                out(spec).println(problems.isEmpty() ? "valid: " + ds.listImageIds().size() + " images" : problems.size() + " problems");
                return problems.isEmpty() ? 0 : 1;
            }
        }
    }

    /** Exports a dataset in the Python package's folder layout. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write TIFFs, metadata.json, per-image CSVs and dataset tables as CSV (Python's export layout).")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        ReadOnlyDataset dataset;
        @Parameters(index = "1", description = "output folder")
        Path dir;

        @Override
        public Integer call() throws Exception {
            try (ZarrDataset ds = dataset.open()) {
                Exporter.Result r = Exporter.export(ds, dir);
                out(spec).printf("exported %d images, %d files to %s%n", r.images(), r.files(), dir.toAbsolutePath());
            }
            return 0;
        }
    }

    /** Plots a kymograph with its velocity traces. */
    @Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw an image and its velocity trace per ROI to a PNG.")
    static final class Plot implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        ReadOnlyDataset dataset;
        @Parameters(index = "1", description = "image id")
        String imageId;
        @Option(names = {"-o", "--output"}, required = true, description = "PNG file to write")
        Path output;

        @Override
        public Integer call() throws Exception {
            try (ZarrDataset ds = dataset.open()) {
                int height = Plotter.plot(ds, imageId, output);
                out(spec).printf("wrote %s (%d x %d)%n", output.toAbsolutePath(), Plotter.WIDTH, height);
            }
            return 0;
        }
    }
}
