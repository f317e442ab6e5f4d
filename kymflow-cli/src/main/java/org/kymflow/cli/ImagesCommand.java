package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kymflow.api.Provenance;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.ImageFacts;
import org.kymflow.runtime.export.SpreadsheetCells;
import org.kymflow.table.PythonJson;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One line per image, with the names people know: source file, acquisition time, scale, ROIs, experiment fields. */
@Command(name = "images",
        description = "List the images: id, source file, acquired time, shape, dtype, scale, ROIs, experiment metadata.")
final class ImagesCommand extends DatasetCommand {
    @Option(names = "--json", description = "print JSON (times in epoch nanoseconds as well)")
    boolean json;

    @Option(names = "--csv", description = "print CSV, one column per experiment metadata field")
    boolean csv;

    @Option(names = "--wide", description = "all columns and whole ids (default: what fits 80 columns)")
    boolean wide;

    @Override
    public Integer call() {
        List<ImageFacts> images;
        Map<String, String> unreadable = new TreeMap<>();
        try (DatasetReader ds = openReadOnly()) {
            images = ds.imageFacts(ds.imageIdsInFileOrder(), (id, why) -> unreadable.put(ds.label(id), why));
        }
        PrintWriter out = out();
        if (json) {
            out.println(PythonJson.indented(images.stream().map(ImageFacts::toJson).toList(), 2, false, false));
        } else if (csv) {
            TableCsv.write(SpreadsheetCells.withoutFormulas(ImageFacts.toTable(images)), out);
        } else {
            // fits 80 columns: ids shortened to a prefix that still resolves, the scale and time compact
            Table.RowBuilder t = TerminalTable.textTable(Provenance.IMAGE_ID, "file", "acquired", "shape", "um/px", "ms/line", "rois", "dtype");
            for (ImageFacts f : images) {
                String acquired = f.acquired() == null ? "-" : f.acquired(); // ISO 8601, to the second here
                t.addRow(f.imageId(), f.file() == null ? "-" : f.file(), acquired.length() > 19 ? acquired.substring(0, 19) : acquired,
                        f.shape().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("x")),
                        f.scale().map(s -> String.format("%.3g", s.delx())).orElse("none"),
                        f.scale().map(s -> String.format("%.3g", s.delt() * 1000)).orElse("none"), String.valueOf(f.roiCount()), f.dtype());
            }
            out.print(TerminalTable.format(t.build(), images.size(), wide));
            if (images.stream().anyMatch(f -> f.scale().isEmpty())) {
                out.println("images without a scale have velocities in pixels/line");
            }
        }
        unreadable.forEach((label, why) -> err().println("unreadable: " + label + ": " + why));
        return unreadable.isEmpty() ? 0 : 1;
    }
}
