package org.kymflow.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kymflow.builtin.heartrate.HeartRateAnalysis;
import org.kymflow.builtin.heartrate.HeartRateParams;

/**
 * The heart-rate series of the capillary's ROI 2 (17 s: 12 windows) against the Python steps of
 * {@code estimate_heart_rate_segment_series} run on Debian's scipy (src/test/resources/heartrate/segments.py):
 * the same windows, valid fractions and bpm, snr and band concentration to 1e-9.
 */
class TestHeartRateSegments {
    @Test
    void theCapillarysSeriesIsWhatScipyGives() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        boolean ok = Files.isExecutable(python) && new ProcessBuilder(python.toString(), "-c", "import scipy.signal").start().waitFor() == 0;
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail("CI=true but /usr/bin/python3 with scipy is missing: .ci/run installs python3-scipy");
        }
        Assumptions.assumeTrue(ok, "skipped: /usr/bin/python3 with scipy is not installed");
        double[][] tv = trace(2);
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < tv[0].length; i++) {
            in.append(Double.toString(tv[0][i])).append(' ').append(Double.isNaN(tv[1][i]) ? "nan" : Double.toString(tv[1][i])).append('\n');
        }
        Process p = new ProcessBuilder(python.toString(), Path.of("src/test/resources/heartrate/segments.py").toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().write(in.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        List<double[]> want = new ArrayList<>();
        for (String line : out.split("\n")) {
            want.add(Arrays.stream(line.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray());
        }
        List<HeartRateAnalysis.Segment> got = HeartRateAnalysis.segments(tv[0], tv[1], HeartRateParams.ofDefaults(), 6, 1, 0.5);
        assertEquals(want.size(), got.size(), "windows");
        int estimates = 0;
        for (int k = 0; k < got.size(); k++) {
            double[] w = want.get(k);
            HeartRateAnalysis.Segment s = got.get(k);
            String where = "window " + k;
            assertEquals(w[0], s.tCenter(), 1e-12, where);
            assertEquals(w[1], s.validFrac(), 1e-15, where);
            assertEquals(Double.isNaN(w[2]), !s.welch().present(), where + " has an estimate");
            if (s.welch().present()) {
                estimates++;
                assertEquals(w[2], s.welch().bpm(), 1e-9 * w[2], where + " bpm");
                assertEquals(w[3], s.welch().snr(), 1e-9 * w[3], where + " snr");
                assertEquals(w[4], s.welch().bandConcentration(), 1e-9, where + " band concentration");
            }
        }
        System.out.println("heart-rate series of the capillary's ROI 2: " + got.size() + " windows, " + estimates + " with an estimate");
    }

    /** The capillary's ROI as the reference CSV has it (time, velocity; empty = NaN). */
    static double[][] trace(int roi) throws IOException {
        Path csv = RealData.folder().resolve("Capillary1_0001_kymanalysis.csv");
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (Integer.parseInt(cells[header.indexOf("roi_id")]) == roi) {
                String v = cells[header.indexOf("velocity")];
                rows.add(new double[] {Double.parseDouble(cells[header.indexOf("time")]), v.isEmpty() ? Double.NaN : Double.parseDouble(v)});
            }
        }
        return new double[][] {rows.stream().mapToDouble(r -> r[0]).toArray(), rows.stream().mapToDouble(r -> r[1]).toArray()};
    }
}
