package org.kymflow.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;

/**
 * The Fiji zip in ImageJ 1.54p itself, under a virtual display (Debian's xvfb): unpacked into a folder laid
 * out like Fiji.app, ImageJ runs batch-mode macros that open the real capillary from a dataset, save a drawn
 * rectangle as a fourth ROI, run radon and save the Results table, whose velocities must be the dataset's
 * rows; and macros whose commands fail stop with one line and change nothing.
 */
class FijiIT {
    private static final Path TARGET = Path.of("target");

    @TempDir
    Path tmp;
    Path fiji;

    @BeforeEach
    void unpackTheZipLikeFijiApp() throws IOException {
        boolean xvfb = Files.isExecutable(Path.of("/usr/bin/xvfb-run"));
        if (!xvfb && System.getenv("CI") != null) {
            fail("CI must run the Fiji test, but /usr/bin/xvfb-run is missing: .ci/run installs Debian's xvfb");
        }
        if (!xvfb) {
            System.out.println("[skipped] no /usr/bin/xvfb-run (apt-get install xvfb) to run ImageJ under a virtual display");
        }
        Assumptions.assumeTrue(xvfb, "skipped: no /usr/bin/xvfb-run");
        Path zip;
        try (Stream<Path> files = Files.list(TARGET)) {
            zip = files.filter(p -> p.getFileName().toString().endsWith("-fiji.zip")).findFirst().orElseThrow();
        }
        fiji = Files.createDirectories(tmp.resolve("Fiji.app"));
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path to = fiji.resolve(e.getName()).normalize();
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to);
                }
            }
        }
        try (Stream<Path> plugins = Files.list(fiji.resolve("plugins"))) {
            assertTrue(plugins.anyMatch(p -> p.getFileName().toString().matches("KymFlow_Plugin-.*\\.jar")), "an installable plugin JAR");
        }
        Files.copy(TARGET.resolve("imagej/ij.jar"), fiji.resolve("ij.jar"));
    }

    /** Runs a macro in ImageJ -batch under xvfb-run; returns what it printed. */
    private String imagej(String macro) throws Exception {
        Path file = tmp.resolve("test.ijm");
        Files.writeString(file, macro);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder("/usr/bin/xvfb-run", "-a", java.toString(), "-Dplugins.dir=" + fiji, "-cp",
                fiji.resolve("ij.jar") + ":" + fiji.resolve("jars") + "/*", "ij.ImageJ", "-batch", file.toString())
                .redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("ImageJ did not finish in 2 minutes: " + new String(out, StandardCharsets.UTF_8));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "no stack trace: " + text);
        return text;
    }

    @Test
    void aMacroOpensTheCapillaryDrawsARoiAndGetsRadonsVelocities() throws Exception {
        Path ds = SharedCapillary.dataset(tmp);
        Path csv = tmp.resolve("results.csv");
        String out = imagej("run(\"KymFlow Open Image\", \"dataset=[" + ds + "] image=[Capillary1_0001]\");\n"
                + "getPixelSize(unit, pw, ph);\n"
                + "print(\"image \" + getTitle() + \" \" + getWidth() + \" x \" + getHeight() + \" \" + unit + \" \" + d2s(pw, 6) + \" \" + d2s(ph, 9));\n"
                + "print(\"rois \" + roiManager(\"count\"));\n"
                + "makeRectangle(2, 100, 20, 5000);\n"
                + "roiManager(\"add\");\n"
                + "run(\"KymFlow Save ROIs\");\n"
                + "run(\"KymFlow Analyze\", \"analyses=[radon]\");\n"
                + "print(\"results \" + nResults);\n"
                + "saveAs(\"Results\", \"" + csv + "\");\n"
                + "run(\"KymFlow Browse Dataset\", \"dataset=[" + ds + "]\");\n"
                + "print(\"listed \" + Table.size(\"KymFlow Dataset\") + \" \" + Table.getString(\"radon\", 0, \"KymFlow Dataset\"));\n");
        assertTrue(out.contains("image Capillary1_0001.tif 38 x 30000 µm 0.284000 0.001169967"), out);
        assertTrue(out.contains("rois 3"), out);
        assertTrue(out.contains("listed 1 fresh"), out);
        Table results;
        Table rows;
        try (DatasetReader reader = DatasetReader.open(ds)) {
            String id = reader.imageIds().get(0);
            assertEquals(4, reader.imageFacts(id).rois().size(), "the drawn rectangle is the fourth ROI");
            rows = reader.tableRows("kym_radon", Set.of(id), List.of("roi_id", "time_s", "velocity_mm_s", "clean_velocity_mm_s"), Long.MAX_VALUE);
        }
        try (var reader = Files.newBufferedReader(csv)) {
            results = TableCsv.read(reader);
        }
        assertTrue(out.contains("results " + rows.rowCount()), out);
        assertEquals(rows.rowCount(), results.rowCount());
        for (int r = 0; r < rows.rowCount(); r++) {
            assertEquals(rows.getInt("roi_id", r), (int) Math.round(number(results, "roi_id", r)));
            for (String column : List.of("time_s", "velocity_mm_s", "clean_velocity_mm_s")) {
                double want = rows.isNull(column, r) ? Double.NaN : rows.getDouble(column, r);
                double got = number(results, column, r);
                if (Double.isNaN(want)) {
                    assertTrue(Double.isNaN(got), column + " of row " + r + " is NaN in the dataset, " + got + " in Results");
                } else {
                    assertEquals(want, got, 1e-9 * Math.max(1, Math.abs(want)), column + " of row " + r); // 9 decimals
                }
            }
        }
    }

    private static double number(Table t, String column, int row) {
        Object v = t.get(column, row);
        return v == null ? Double.NaN : v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
    }

    @Test
    void failingCommandsStopTheMacroWithOneLineAndChangeNothing() throws Exception {
        Path ds = SharedCapillary.dataset(tmp);
        String out = imagej("run(\"KymFlow Open Image\", \"dataset=[" + ds + "] image=[nosuch]\");\nprint(\"after\");\n");
        assertTrue(out.contains("KymFlow error: KymFlow Open Image: no image 'nosuch'"), out);
        assertFalse(out.contains("after"), "the macro stopped: " + out);

        try (DatasetWriter other = DatasetWriter.open(ds)) { // another process's run holds the dataset
            out = imagej("run(\"KymFlow Open Image\", \"dataset=[" + ds + "] image=[Capillary1_0001]\");\n"
                    + "roiManager(\"reset\");\nrun(\"KymFlow Save ROIs\");\nprint(\"after\");\n");
        }
        assertTrue(out.contains("KymFlow error: KymFlow Save ROIs: "), out);
        assertFalse(out.contains("after"), out);
        try (DatasetReader reader = DatasetReader.open(ds)) {
            assertEquals(3, reader.imageFacts(reader.imageIds().get(0)).rois().size(), "nothing saved while locked");
        }
    }
}
