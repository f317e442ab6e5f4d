package org.kymflow.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kymflow.api.Roi;
import org.kymflow.api.testing.TestingRecordView;
import org.kymflow.builtin.radon.RadonProvider;
import org.kymflow.builtin.roistats.RoiStatsIndexer;

/**
 * The params hashes of radon and roi_stats on the real capillary's ROIs and scale, pinned: a change makes
 * every dataset's results stale for Java and for Python alike, so it must be deliberate. The same hashes
 * are computed again by python3's json and hashlib from the documented canonical form, where python3 is
 * installed. After a deliberate change: {@code -Dkymflow.updateGolden=true}.
 */
class TestGoldenParamsHashes {
    private static final String GOLDEN = "golden/params-hashes.txt";
    private static final List<Roi> ROIS = List.of(new Roi(1, 1, 0, 0, 38, 0, 30000), new Roi(2, 1, 0, 9, 28, 7500, 22500),
            new Roi(3, 1, 0, 0, 12, 10000, 30000));
    private static final double DELT = 35.099 / 30000;
    private static final double DELX = 0.284;

    @Test
    void radonAndRoiStatsHashesAreAsPinnedAndAsPythonComputesThem() throws Exception {
        TestingRecordView capillary = new TestingRecordView("capillary", new float[30000 * 38], 30000, 38,
                Map.of("header", Map.of("voxels", List.of(DELT, DELX))), ROIS);
        String radon = new RadonProvider().create(Map.of()).paramsHash(capillary);
        String roiStats = new RoiStatsIndexer().paramsHash(capillary);
        String actual = "radon " + radon + "\nroi_stats " + roiStats + "\n";
        Path file = Path.of("src/test/resources", GOLDEN);
        if (Boolean.getBoolean("kymflow.updateGolden")) {
            Files.writeString(file, actual);
        }
        String expected;
        try (InputStream in = TestGoldenParamsHashes.class.getResourceAsStream("/" + GOLDEN)) {
            expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected, actual, "a params hash changed: every result becomes stale");
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            // the documented canonical form: sort_keys, compact separators, ensure_ascii=False, then SHA-256
            String rois = "[[1,1,0,0,38,0,30000],[2,1,0,9,28,7500,22500],[3,1,0,0,12,10000,30000]]";
            String script = "import hashlib, json, sys\n"
                    + "def h(o): return hashlib.sha256(json.dumps(o, sort_keys=True, separators=(',', ':'), ensure_ascii=False)"
                    + ".encode('utf-8')).hexdigest()\n"
                    + "rois = json.loads(sys.argv[1])\n"
                    + "print(h({'params': {'outlier_std': 2.0, 'window_size': 16}, 'rois': rois, 'delt': 35.099 / 30000,"
                    + " 'delx': 0.284}))\n"
                    + "print(h({'rois': rois}))\n";
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, rois).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals(radon + "\n" + roiStats + "\n", out, "Python computes other hashes from the canonical form");
        }
    }
}
