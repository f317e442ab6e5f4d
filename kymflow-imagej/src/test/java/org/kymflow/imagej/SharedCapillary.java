package org.kymflow.imagej;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.kymflow.runtime.DatasetWriter;

/** The real capillary (../shared/data) ingested into a dataset of its own, through the library. */
final class SharedCapillary {
    private SharedCapillary() {
    }

    /**
     * @param tmp a folder
     * @return a dataset holding the capillary, its header and its sidecar's 3 ROIs
     * @throws IOException when the files cannot be copied
     */
    static Path dataset(Path tmp) throws IOException {
        Path data = Path.of(System.getProperty("kymflow.shared.data", "../shared/data"));
        boolean present = Files.isRegularFile(data.resolve("Capillary1_0001.tif"));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI=true but the shared data folder " + data.toAbsolutePath() + " is missing");
        }
        if (!present) {
            System.out.println("[skipped] real data folder " + data.toAbsolutePath() + " is absent");
        }
        Assumptions.assumeTrue(present, "skipped: real data folder " + data.toAbsolutePath() + " is absent");
        Path folder = Files.createDirectories(tmp.resolve("capillary"));
        for (String f : List.of("Capillary1_0001.tif", "Capillary1_0001.txt", "Capillary1_0001.json")) {
            Files.copy(data.resolve(f), folder.resolve(f));
        }
        Path ds = tmp.resolve("cap.zarr");
        try (DatasetWriter writer = DatasetWriter.openOrCreate(ds)) {
            writer.ingest(folder, false);
        }
        return ds;
    }
}
