package org.kymflow.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.RunStatus;
import org.kymflow.table.PythonJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the dataset's provenance log, newest run first. Read-only. */
@Command(name = "log", description = "List the analysis runs of a dataset, newest first.")
final class LogCommand extends DatasetCommand {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneId.systemDefault()); // ISO 8601, local

    @Option(names = "--json", description = "print JSON (every field, times in epoch nanoseconds)")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "only the newest N runs")
    Integer limit;

    @Option(names = "--wide", description = "all columns and whole run ids (default: what fits 80 columns)")
    boolean wide;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
        }
        List<Map<String, Object>> runs;
        List<Map<String, Object>> edits;
        List<String> unlogged = new java.util.ArrayList<>();
        try (DatasetReader ds = openReadOnly()) {
            runs = ds.runLog(); // an unreadable log is one line naming it and what the next run does about it
            edits = ds.editLog();
            edits.forEach(e -> e.put("image", e.get("image_id") == null ? "-" : ds.label((String) e.get("image_id"))));
            java.util.Set<String> logged = new java.util.HashSet<>();
            runs.forEach(r -> logged.add(String.valueOf(r.get("table"))));
            for (String table : ds.tableNames()) {
                if (table.startsWith(org.kymflow.runtime.NamePolicy.TABLE_PREFIX) && !logged.contains(table)) {
                    unlogged.add(table);
                }
            }
        }
        PrintWriter out = out();
        if (json) {
            out.println(PythonJson.indented(limit == null ? runs : runs.subList(0, Math.min(limit, runs.size())), 2, false, false));
            return 0;
        }
        for (Map<String, Object> e : limit == null ? edits : edits.subList(0, Math.min(limit, edits.size()))) {
            StringBuilder sb = new StringBuilder(); // edits of ROIs, metadata and params, newest first, before the runs
            TerminalTable.wrap(sb, "edit " + LOCAL.format(Instant.ofEpochSecond(0, ((Number) e.get("utc_epoch_ns")).longValue())) + "  "
                    + e.get("what") + "  " + e.get("image"));
            out.print(sb);
        }
        if (runs.isEmpty() && unlogged.isEmpty()) {
            out.println("no analysis has run on this dataset yet");
        }
        for (String table : unlogged) {
            out.println("tables/" + table + ".parquet has rows that no logged run wrote (another program, such as the"
                    + " Python package, or a version of KymFlow that logged only finished runs)");
        }
        List<Map<String, Object>> shown = limit == null ? runs : runs.subList(0, Math.min(limit, runs.size()));
        if (!shown.isEmpty()) {
            // fits 80 columns: the run id shortened, as show does; --json has every field
            org.kymflow.table.Table.RowBuilder t = TerminalTable.textTable("started", "analysis", "mode", "status", "done", "fresh",
                    "failed", "s", "run_id");
            for (Map<String, Object> r : shown) {
                long started = ((Number) r.get("started_utc_epoch_ns")).longValue();
                t.addRow(LOCAL.format(Instant.ofEpochSecond(0, started)), r.get("indexer"), r.get("mode"), r.get("status"),
                        r.get("computed") + "/" + r.get("images"),
                        String.valueOf(((Number) r.get("skipped_fresh")).intValue() + ((Number) r.get("skipped_zero_rows")).intValue()),
                        String.valueOf(r.get("failed")), String.format("%.1f", ((Number) r.get("seconds")).doubleValue()),
                        r.get("run_id"));
            }
            out.print(TerminalTable.format(t.build(), runs.size(), wide));
        }
        for (Map<String, Object> r : shown) {
            String run = String.valueOf(r.get("run_id")).substring(0, Math.min(8, String.valueOf(r.get("run_id")).length()));
            StringBuilder sb = new StringBuilder();
            if (r.get("error") != null) {
                TerminalTable.wrap(sb, "run " + run + " failed: " + r.get("error"));
            }
            if (RunStatus.UNFINISHED.wireName().equals(r.get("status"))) {
                TerminalTable.wrap(sb, "run " + run + " committed rows and has not finished: it is still running, or was"
                        + " killed (then 'kymflow index' computes the rest)");
            }
            out.print(sb);
        }
        return 0;
    }
}
