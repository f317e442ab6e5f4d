package org.kymflow.builtin;

import org.kymflow.api.testing.TestingRecordView;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.kymflow.api.Roi;

/** The real kymograph in ../shared/data, read independently of our ingest code. */
final class RealData {
    private RealData() {
    }

    static Path folder() {
        Path dir = Path.of(System.getProperty("kymflow.shared.data", "../shared/data"));
        boolean present = Files.isRegularFile(dir.resolve("Capillary1_0001.tif"));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI=true but the shared data folder " + dir.toAbsolutePath() + " is missing");
        }
        if (!(present)) {
            System.out.println("[skipped] real data folder " + dir.toAbsolutePath()
                + " is absent (set -Dkymflow.shared.data=DIR to run these tests)"); // on the console, not only in the reports
        }
        Assumptions.assumeTrue(present, "skipped: real data folder " + dir.toAbsolutePath()
                + " is absent (set -Dkymflow.shared.data=DIR to run these tests)");
        return dir;
    }

    @SuppressWarnings("unchecked")
    static TestingRecordView capillary() throws IOException {
        Path dir = folder();
        Raster raster = ImageIO.read(dir.resolve("Capillary1_0001.tif").toFile()).getRaster();
        int rows = raster.getHeight();
        int cols = raster.getWidth();
        int[] samples = raster.getSamples(0, 0, cols, rows, 0, (int[]) null);
        float[] data = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            data[i] = samples[i];
        }
        Map<String, Object> sidecar = new ObjectMapper().readValue(dir.resolve("Capillary1_0001.json").toFile(), Map.class);
        List<Roi> rois = new ArrayList<>();
        for (Object o : (List<Object>) sidecar.get("rois")) {
            Map<String, Object> m = (Map<String, Object>) o;
            Map<String, Object> d = (Map<String, Object>) m.get("data");
            rois.add(new Roi((Integer) m.get("roi_id"), (Integer) m.get("channel"), (Integer) m.get("z"),
                    (Integer) d.get("x0"), (Integer) d.get("x1"), (Integer) d.get("y0"), (Integer) d.get("y1")));
        }
        return new TestingRecordView("capillary1", data, rows, cols, sidecar, rois);
    }
}
