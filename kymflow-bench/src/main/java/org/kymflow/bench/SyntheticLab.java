package org.kymflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.zarr.NdArray;

/**
 * Writes a folder as a lab has it, for the lab-scale harness: N synthetic kymograph TIFFs with an Olympus
 * header and a sidecar each. Usage: {@code SyntheticLab FOLDER COUNT LINES PIXELS}.
 */
public final class SyntheticLab {
    private SyntheticLab() {
    }

    /**
     * @param args folder, count, lines per image, pixels per line
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int lines = Integer.parseInt(args[2]);
        int pixels = Integer.parseInt(args[3]);
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            String name = String.format("kymo%05d", i);
            double pixelsPerLine = 1.5 + (i % 7) * 0.5;
            org.kymflow.runtime.ingest.TiffFiles.write(NdArray.ofUint16(SyntheticKymograph.draw(lines, pixels, pixelsPerLine, 12, i), lines, pixels),
                    folder.resolve(name + ".tif"));
            Files.writeString(folder.resolve(name + ".txt"), String.join("\n",
                    "\"X Dimension\"\t\"" + pixels + ", 0.0 - 9.6 [um], 0.3 [um/pixel]\"",
                    "\"T Dimension\"\t\"1, 0.000 - " + lines / 1000.0 + " [s], Interval FreeRun\"",
                    "\"Image Size\"\t\"" + pixels + " * " + lines + " [pixel]\""));
            Files.writeString(folder.resolve(name + ".json"), "{\"experiment_metadata\": {\"animal\": \"m" + i % 5
                    + "\"}, \"rois\": [{\"roi_id\": 1, \"roi_type\": \"rect\", \"data\": {\"x0\": 1, \"x1\": " + (pixels - 1)
                    + ", \"y0\": 0, \"y1\": " + lines + "}}]}");
        }
    }
}
