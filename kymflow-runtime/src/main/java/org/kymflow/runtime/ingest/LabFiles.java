package org.kymflow.runtime.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kymflow.table.PythonJson;

/**
 * Writes one kymograph as a lab's folder holds it, the files {@link Ingest} reads: the uint16 TIFF, an
 * Olympus FluoView header ({@code .txt}, with the scale and, when given, the acquisition date) and a kymflow
 * sidecar ({@code .json}). For demos, benchmarks and tests that start from files, as a lab does.
 */
public final class LabFiles {
    private LabFiles() {
    }

    /**
     * @param folder where the three files go
     * @param name their common name, without extension
     * @param pixels the image, row after row (time)
     * @param lines its number of rows
     * @param width its number of columns (space)
     * @param delx microns per pixel
     * @param delt seconds per line
     * @param date the header's {@code Date} value as FluoView writes it ({@code 01/15/2026 10:01:00.000 AM}),
     *     or null for none
     * @param sidecar the sidecar's content ({@code experiment_metadata}, {@code rois}), or null for no sidecar
     * @throws IOException when a file cannot be written
     */
    public static void write(Path folder, String name, short[] pixels, int lines, int width, double delx, double delt,
                             String date, Map<String, Object> sidecar) throws IOException {
        TiffFiles.writeUint16(pixels, lines, width, folder.resolve(name + ".tif"));
        List<String> header = new ArrayList<>();
        if (date != null) {
            header.add("\"Date\"\t\"" + date + "\"");
        }
        header.add(String.format(Locale.ROOT, "\"X Dimension\"\t\"%d, 0.0 - %.3f [um], %.3f [um/pixel]\"", width, width * delx, delx));
        header.add(String.format(Locale.ROOT, "\"T Dimension\"\t\"1, 0.000 - %.3f [s], Interval FreeRun\"", lines * delt));
        header.add("\"Image Size\"\t\"" + width + " * " + lines + " [pixel]\"");
        header.add("");
        Files.writeString(folder.resolve(name + ".txt"), String.join("\r\n", header)); // FluoView writes on Windows
        if (sidecar != null) {
            Files.writeString(folder.resolve(name + ".json"), PythonJson.indented(sidecar, 2, false, false));
        }
    }
}
