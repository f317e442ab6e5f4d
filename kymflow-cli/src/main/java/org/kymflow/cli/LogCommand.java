package org.kymflow.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.kymflow.runtime.RunLog;
import org.kymflow.table.PythonJson;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the dataset's provenance log, newest run first. Read-only. */
@Command(name = "log", description = "List the analysis runs of a dataset, newest first.")
final class LogCommand extends DatasetCommand {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneId.systemDefault());

    @Option(names = "--json", description = "print JSON (every field, times in epoch nanoseconds)")
    boolean json;

    @Override
    public Integer call() {
        List<Map<String, Object>> runs;
        List<String> unlogged = new java.util.ArrayList<>();
        try (ZarrDataset ds = openReadOnly()) {
            try {
                runs = RunLog.read(ds);
            } catch (org.kymflow.zarr.ZarrException e) {
                err().println("kymflow: " + e.getMessage() + "; the next 'kymflow index' keeps it aside and starts a new log");
                return 1;
            }
            java.util.Set<String> logged = new java.util.HashSet<>();
            runs.forEach(r -> logged.add(String.valueOf(r.get("table"))));
            for (String table : ds.listTableNames()) {
                if (table.startsWith(org.kymflow.runtime.NamePolicy.TABLE_PREFIX) && !logged.contains(table)) {
                    unlogged.add(table);
                }
            }
        }
        PrintWriter out = out();
        if (json) {
            out.println(PythonJson.indented(runs, 2, false, false));
            return 0;
        }
        if (runs.isEmpty() && unlogged.isEmpty()) {
            out.println("no analysis has run on this dataset yet");
        }
        for (String table : unlogged) {
            out.println("tables/" + table + ".parquet has rows that no logged run wrote (another program, such as the"
                    + " Python package, or a version of KymFlow that logged only finished runs)");
        }
        for (Map<String, Object> r : runs) {
            long started = ((Number) r.get("started_utc_epoch_ns")).longValue();
            out.printf("%s  %-12s %-11s %-11s %4s images: %s computed, %s fresh, %s failed  %.1f s  run %s%n",
                    LOCAL.format(Instant.ofEpochSecond(0, started).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), r.get("indexer"), r.get("mode"), r.get("status"), r.get("images"),
                    r.get("computed"), ((Number) r.get("skipped_fresh")).intValue() + ((Number) r.get("skipped_zero_rows")).intValue(),
                    r.get("failed"), ((Number) r.get("seconds")).doubleValue(), r.get("run_id"));
            if (r.get("error") != null) {
                out.println("    error: " + r.get("error"));
            }
            if (RunLog.UNFINISHED.equals(r.get("status"))) {
                out.println("    this run committed the rows above and has not finished: it is still running, or was"
                        + " killed (then 'kymflow index' computes the rest)");
            }
        }
        return 0;
    }
}
