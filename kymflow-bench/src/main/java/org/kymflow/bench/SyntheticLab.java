package org.kymflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.kymflow.api.Roi;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.runtime.Rois;
import org.kymflow.runtime.ingest.LabFiles;

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
            Map<String, Object> sidecar = Map.of("experiment_metadata", Map.of("animal", "m" + i % 5), "rois",
                    List.of(Rois.toEnvelope(new Roi(1, 1, 0, 1, pixels - 1, 0, lines))));
            LabFiles.write(folder, name, SyntheticKymograph.draw(lines, pixels, pixelsPerLine, 12, i), lines, pixels, 0.3, 0.001,
                    null, sidecar);
        }
    }
}
