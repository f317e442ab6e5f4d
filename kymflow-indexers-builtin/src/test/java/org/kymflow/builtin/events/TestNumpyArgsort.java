package org.kymflow.builtin.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The argsort port against numpy itself (Debian's python3-numpy), on arrays full of ties. */
class TestNumpyArgsort {
    @Test
    void tiesAreOrderedAsNumpyOrdersThem() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        boolean ok = Files.isExecutable(python) && new ProcessBuilder(python.toString(), "-c", "import numpy").start().waitFor() == 0;
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail("CI=true but /usr/bin/python3 with numpy is missing");
        }
        if (!(ok)) {
            System.out.println("[skipped] /usr/bin/python3 with numpy is not installed"); // on the console, not only in the reports
        }
        Assumptions.assumeTrue(ok, "skipped: /usr/bin/python3 with numpy is not installed");
        Random random = new Random(7);
        int[] sizes = {1, 2, 15, 17, 100, 1000, 5000};
        for (int size : sizes) {
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                v[i] = random.nextInt(12) * 0.25 - (random.nextInt(50) == 0 ? Double.NaN : 0); // many ties, some NaN
            }
            StringBuilder in = new StringBuilder();
            for (double x : v) {
                in.append(Double.isNaN(x) ? "nan" : Double.toString(x)).append('\n');
            }
            Process p = new ProcessBuilder(python.toString(), "-c",
                    "import sys, numpy as np; v = np.array([float(x) for x in sys.stdin.read().split()]);"
                            + " print(' '.join(str(i) for i in np.argsort(v)))").start();
            p.getOutputStream().write(in.toString().getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue());
            int[] expected = out.isEmpty() ? new int[0] : Arrays.stream(out.split(" ")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(expected, NumpyArgsort.argsort(v), "size " + size);
        }
    }
}
