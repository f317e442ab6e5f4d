package org.kymflow.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.kymflow.api.BaseIndexer;
import org.kymflow.cli.common.AnalysisRunOptions;
import org.kymflow.cli.common.ErrorMessageHandler;
import org.kymflow.cli.common.Interruption;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.IndexReport;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.UpdateMode;
import org.kymflow.table.PythonJson;
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

    @Option(names = "--plugins", paramLabel = "FOLDER", description = "plugins folder, at the same path on every executor (repeatable; default: $KYMFLOW_PLUGINS)")
    List<Path> plugins = new ArrayList<>();

    @CommandLine.Mixin
    AnalysisRunOptions options;

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
        cli.setExecutionExceptionHandler(new ErrorMessageHandler("kymflow-spark"));
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        UpdateMode updateMode = options.updateMode(spec);
        boolean json = options.json();
        List<Path> pluginDirs = new ArrayList<>(plugins);
        if (pluginDirs.isEmpty() && System.getenv("KYMFLOW_PLUGINS") != null) {
            pluginDirs.add(Path.of(System.getenv("KYMFLOW_PLUGINS")));
        }
        IndexerCatalog catalog = IndexerCatalog.discover(pluginDirs, false);
        // names, params and mode checked before Spark starts, as 'kymflow index' checks them
        AnalysisRunOptions.plan(spec, catalog, names, options.params(), AnalysisConfig.empty());
        SparkConf conf = new SparkConf().setAppName("kymflow " + String.join(" ", names)).setIfMissing("spark.ui.enabled", "false");
        if (master != null) {
            conf.setMaster(master);
        }
        List<IndexReport> reports = new ArrayList<>();
        Path where = dataset.toAbsolutePath().normalize();
        try (DatasetWriter ds = DatasetWriter.open(where); JavaSparkContext spark = new JavaSparkContext(conf);
                Interruption interruption = Interruption.install("kymflow-spark")) {
            int left = SparkEngine.removeLeftovers(where); // holding the writer lock: no other run is staging
            if (left > 0 && !json) {
                out.println("removed " + left + " staging folder(s) left by an earlier run that was killed");
            }
            // as 'kymflow index' does: --param changes the dataset's configuration, and the run uses the configuration
            AnalysisConfig before = ds.config();
            AnalysisConfig config = options.configWithParams(spec, catalog, before);
            if (!config.equals(before)) {
                ds.saveConfig(config);
            }
            AnalysisRunOptions.PlannedRun planned = AnalysisRunOptions.plan(spec, catalog, names, Map.of(), config);
            for (BaseIndexer indexer : planned.plan().order()) {
                Map<String, Object> params = planned.params().getOrDefault(indexer.name(), Map.of());
                SparkEngine engine = new SparkEngine(spark, where, indexer.name(), params, pluginDirs);
                IndexReport report = ds.index(indexer, IndexOptions.builder().mode(updateMode).keepGoing(options.keepGoing())
                        .origin(catalog.runOrigin(indexer.name(), params)).engine(engine).cancelled(interruption::requested).build());
                reports.add(report);
                if (!json) {
                    out.println(report.summary(ds::label));
                }
            }
        }
        if (json) {
            out.println(PythonJson.indented(reports.stream().map(IndexReport::toJson).toList(), 2, false, false));
        }
        return reports.stream().anyMatch(r -> !r.failed().isEmpty()) ? 1 : 0;
    }
}
