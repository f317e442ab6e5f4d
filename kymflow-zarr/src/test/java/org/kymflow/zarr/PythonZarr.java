package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the independent reader: Debian's /usr/bin/python3 with python3-zarr. */
final class PythonZarr {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private PythonZarr() {
    }

    /** Skips the test on a machine without python3-zarr, except in CI, where it must be there. */
    static void requireAvailable() throws Exception {
        boolean ok = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import zarr, numcodecs, numpy").start().waitFor() == 0;
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail("CI=true but /usr/bin/python3 with python3-zarr is missing: .ci/run must install it");
        }
        if (!(ok)) {
            System.out.println("[skipped] /usr/bin/python3 with python3-zarr and python3-numcodecs is not installed "
                + "(apt-get install python3-zarr python3-numcodecs)"); // on the console, not only in the reports
        }
        Assumptions.assumeTrue(ok, "skipped: /usr/bin/python3 with python3-zarr and python3-numcodecs is not installed "
                + "(apt-get install python3-zarr python3-numcodecs)");
    }

    /** Runs a script from src/test/python and returns its stdout; fails the test with its output on error. */
    static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), Path.of("src/test/python", script).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(script + " timed out");
        }
        if (p.exitValue() != 0) {
            fail(script + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}
