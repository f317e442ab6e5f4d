package org.kymflow.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.kymflow.api.BaseIndexer;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexReport;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.KymDataset;
import org.kymflow.runtime.UpdateMode;
import org.kymflow.table.PythonJson;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Spark application: {@code spark-submit --class org.kymflow.spark.KymflowSpark ...} on a cluster, or
 * {@code ./kymflow-spark DATASET NAME... --master local[N]} on one machine. The driver decides staleness,
 * the executors compute the stale images next to the data, the driver commits (see {@link SparkEngine}).
 * It prints what {@code kymflow index} prints, and with {@code --json} the same JSON report.
 */
@Command(name = "kymflow-spark", mixinStandardHelpOptions = true,
        description = "Run analyses over a dataset on Apache Spark; the result is the table 'kymflow index' makes.")
public final class KymflowSpark implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "dataset folder, on a file system every executor sees at the same path")
    Path dataset;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME", description = "analyses to run (their inputs first, where stale)")
    List<String> names = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2] (default: what spark-submit says)")
    String master;

    @Option(names = "--mode", paramLabel = "incremental|replace", description = "incremental (default) or replace")
    String mode = "incremental";

    @Option(names = "--keep-going", description = "record failing images and go on (they keep their old rows)")
    boolean keepGoing;

    @Option(names = "--plugins", paramLabel = "FOLDER", description = "plugins folder, at the same path on every executor (repeatable; default: $KYMFLOW_PLUGINS)")
    List<Path> plugins = new ArrayList<>();

    @Option(names = "--param", paramLabel = "PARAM", description = "NAME.KEY=VALUE: a param of one analysis, saved in the dataset's configuration (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--json", description = "print a JSON array with one report per analysis run")
    boolean json;

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * @param args the command line
     * @param out where reports go
     * @param err where errors go
     * @return the exit code: 0 success, 1 failed images or a failed run, 2 bad usage
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new KymflowSpark()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("kymflow-spark: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        UpdateMode updateMode;
        try {
            updateMode = UpdateMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode " + e.getMessage());
        }
        if (!Files.exists(dataset.resolve(".zgroup"))) {
            throw new IllegalArgumentException(dataset.toAbsolutePath() + " is not a KymFlow dataset (it has no .zgroup)");
        }
        List<Path> pluginDirs = new ArrayList<>(plugins);
        if (pluginDirs.isEmpty() && System.getenv("KYMFLOW_PLUGINS") != null) {
            pluginDirs.add(Path.of(System.getenv("KYMFLOW_PLUGINS")));
        }
        Map<String, Map<String, Object>> byIndexer;
        try {
            byIndexer = IndexPlan.paramsByIndexer(params);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        IndexerCatalog catalog = IndexerCatalog.discover(pluginDirs, false);
        IndexPlan.resolve(catalog, names, byIndexer).requireParamsInPlan(byIndexer); // checked before Spark starts
        SparkConf conf = new SparkConf().setAppName("kymflow " + String.join(" ", names)).setIfMissing("spark.ui.enabled", "false");
        if (master != null) {
            conf.setMaster(master);
        }
        List<IndexReport> reports = new ArrayList<>();
        Path where = dataset.toAbsolutePath().normalize();
        try (ZarrDataset ds = ZarrDataset.open(where, OpenMode.APPEND); JavaSparkContext spark = new JavaSparkContext(conf)) {
            int left = SparkEngine.removeLeftovers(where); // holding the writer lock: no other run is staging
            if (left > 0 && !json) {
                out.println("removed " + left + " staging folder(s) left by an earlier run that was killed");
            }
            // as 'kymflow index' does: --param changes the dataset's configuration, and the run uses the configuration
            AnalysisConfig config = AnalysisConfig.load(ds);
            for (Map.Entry<String, Map<String, Object>> e : byIndexer.entrySet()) {
                config = config.with(catalog, e.getKey(), e.getValue());
            }
            if (!config.equals(AnalysisConfig.load(ds))) {
                config.save(ds);
            }
            Map<String, Map<String, Object>> effective = config.overlaid(Map.of());
            IndexPlan plan = IndexPlan.resolve(catalog, names, effective);
            KymDataset kym = new KymDataset(ds);
            for (BaseIndexer indexer : plan.order()) {
                SparkEngine engine = new SparkEngine(spark, where, indexer.name(), effective.getOrDefault(indexer.name(), Map.of()), pluginDirs);
                IndexReport report = kym.updateIndex(indexer, IndexOptions.builder().mode(updateMode).keepGoing(keepGoing)
                        .origin(catalog.find(indexer.name()).map(e -> new IndexOptions.RunOrigin(
                                effective.getOrDefault(indexer.name(), Map.of()), e.origin(), e.jarSha256())).orElse(IndexOptions.RunOrigin.UNKNOWN))
                        .engine(engine).build());
                reports.add(report);
                if (!json) {
                    out.println(report.summary());
                }
            }
        }
        if (json) {
            out.println(PythonJson.indented(reports.stream().map(IndexReport::toJson).toList(), 2, false, false));
        }
        return reports.stream().anyMatch(r -> !r.failed().isEmpty()) ? 1 : 0;
    }
}
