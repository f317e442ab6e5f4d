package org.kymflow.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's python3-scipy as the reference for our ports of numpy and scipy: runs a script that reads lines of
 * numbers and prints numbers. Skipped with a message where it is absent, except in CI, where {@code .ci/run}
 * installs it and its absence fails.
 */
public final class Scipy {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private Scipy() {
    }

    /**
     * @param script Python that reads {@code ins} (one numpy array per input) and prints numbers; {@code np},
     *     {@code signal} and {@code ndimage} are imported
     * @param inputs the arrays, one per line
     * @return the numbers printed
     * @throws Exception when Python cannot be run
     */
    public static double[] run(String script, double[]... inputs) throws Exception {
        boolean ok = Files.isExecutable(PYTHON) && new ProcessBuilder(PYTHON.toString(), "-c", "import scipy.signal").start().waitFor() == 0;
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail("CI=true but /usr/bin/python3 with scipy is missing: .ci/run installs python3-scipy");
        }
        if (!ok) {
            System.out.println("[skipped] /usr/bin/python3 with scipy is not installed");
        }
        Assumptions.assumeTrue(ok, "skipped: /usr/bin/python3 with scipy is not installed");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import sys, numpy as np\nfrom scipy import signal, ndimage\n"
                + "ins = [np.array([float(v) for v in line.split()]) for line in sys.stdin.read().splitlines()]\n" + script)
                .redirectErrorStream(true).start();
        StringBuilder in = new StringBuilder();
        for (double[] input : inputs) {
            in.append(Arrays.stream(input).mapToObj(Double::toString).collect(Collectors.joining(" "))).append('\n');
        }
        p.getOutputStream().write(in.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return Arrays.stream(out.split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }
}
