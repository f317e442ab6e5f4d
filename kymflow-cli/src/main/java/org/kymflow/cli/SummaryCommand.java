package org.kymflow.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.export.LabSummary;
import org.kymflow.runtime.export.OutputPaths;
import org.kymflow.runtime.export.SpreadsheetCells;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The table a lab opens first: one row per image and ROI joining {@code velocity_summary} with the source
 * file name, acquisition time, ROI geometry and every experiment-metadata field of the sidecar. Images
 * without summary rows get one row saying why ({@code summary}: missing), so nothing silently drops out.
 */
@Command(name = "summary",
        description = "One row per image and ROI: file, acquisition, ROI, experiment metadata and velocity summary (CSV or XLSX).")
final class SummaryCommand extends DatasetCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write FILE.csv or FILE.xlsx (default: CSV on standard output)")
    Path output;

    @Option(names = "--force", description = "replace FILE when it exists")
    boolean force;

    @Option(names = "--by", paramLabel = "roi|image", description = "roi (default): a row per image and ROI; image: a row per image, ROIs averaged")
    String by = "roi";

    @CommandLine.Mixin
    PluginsOption plugins;

    @Override
    public Integer call() throws IOException {
        if (!by.equals("roi") && !by.equals("image")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--by must be roi or image, was " + by);
        }
        String format = output == null ? "csv" : output.getFileName().toString().replaceFirst(".*\\.", "").toLowerCase(Locale.ROOT);
        if (!format.equals("csv") && !format.equals("xlsx")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-o must end in .csv or .xlsx, was " + output);
        }
        if (output != null) {
            OutputPaths.checkFile(dataset, output, force);
        }
        Table table;
        IndexerCatalog catalog = plugins.discover();
        try (DatasetReader ds = openReadOnly()) {
            Map<String, String> stale = LabSummary.staleSummaries(ds, catalog);
            Table perRoi = LabSummary.byRoi(ds, stale, LabSummary.staleHeartRates(ds, catalog), LabSummary.staleDiameters(ds, catalog));
            table = by.equals("roi") ? perRoi : LabSummary.byImage(perRoi);
            if (!stale.isEmpty()) {
                err().println("note: " + stale.size() + " of " + ds.imageIds().size() + " images have no up-to-date"
                        + " summary (marked in the 'summary' column); run: kymflow index " + dataset + " velocity_summary");
            }
        }
        if (output == null) {
            TableCsv.write(SpreadsheetCells.withoutFormulas(table), out());
        } else if (format.equals("csv")) {
            try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                TableCsv.write(SpreadsheetCells.withoutFormulas(table), w);
            }
            out().printf("wrote %s (%d rows)%n", output.toAbsolutePath(), table.rowCount());
        } else {
            writeXlsx(table, output);
            out().printf("wrote %s (%d rows)%n", output.toAbsolutePath(), table.rowCount());
        }
        return 0;
    }

    private static void writeXlsx(Table table, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook workbook = new Workbook(out, "kymflow", "1.0");
            Worksheet sheet = workbook.newWorksheet("summary");
            for (int c = 0; c < table.columnCount(); c++) {
                sheet.value(0, c, table.schema().field(c).name());
                sheet.style(0, c).bold().set();
            }
            for (int r = 0; r < table.rowCount(); r++) {
                for (int c = 0; c < table.columnCount(); c++) {
                    Object v = table.column(c).get(r);
                    String name = table.schema().field(c).name();
                    if (v instanceof Number n && !(v instanceof Double d && !Double.isFinite(d))) {
                        sheet.value(r + 1, c, n);
                    } else if (v instanceof Boolean bool) {
                        sheet.value(r + 1, c, bool);
                    } else if (v instanceof String text && name.equals("acquired")) {
                        // a date cell, so a spreadsheet sorts and computes with it (the microscope's local time)
                        sheet.value(r + 1, c, java.time.LocalDateTime.parse(text));
                        sheet.style(r + 1, c).format("yyyy-mm-dd hh:mm:ss.000").set();
                    } else if (v != null && !(v instanceof Double)) {
                        sheet.value(r + 1, c, v.toString());
                    }
                }
            }
            workbook.finish();
        }
    }
}
