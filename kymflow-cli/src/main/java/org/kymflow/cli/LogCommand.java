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
        try (ZarrDataset ds = openReadOnly()) {
            runs = RunLog.read(ds);
        }
        PrintWriter out = out();
        if (json) {
            out.println(PythonJson.indented(runs, 2, false, false));
            return 0;
        }
        if (runs.isEmpty()) {
            out.println("no analysis has run on this dataset yet");
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
        }
        return 0;
    }
}
