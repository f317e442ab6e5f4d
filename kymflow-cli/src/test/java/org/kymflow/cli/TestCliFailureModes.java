package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.cli.common.ErrorMessageHandler;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;

/** How the command line fails: interrupted ingests, refused ROIs, one-line errors, commands that create nothing unasked. */
class TestCliFailureModes {
    @TempDir
    Path tmp;

    private static TestCli.Run kymflow(Object... args) {
        return TestCli.kymflow(args);
    }

    private static Path kymograph(Path folder, String name, String sidecar) throws Exception {
        return TestIngestIntegrity.kymograph(folder, name, sidecar);
    }

    private static int images(Path dataset) {
        try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.READ)) {
            return ds.listImageIds().size();
        }
    }

    /** Defect 9: a run killed before the sources table was written duplicated every image on the next run. */
    @Test
    void anInterruptedIngestResumesWithOneImagePerFile() throws Exception {
        Path folder = tmp.resolve("lab");
        for (int i = 0; i < 3; i++) {
            kymograph(folder, "v" + i, null);
        }
        Path dataset = tmp.resolve("lab.zarr");
        assertEquals(0, kymflow("ingest", dataset, folder).code());
        // what a kill -9 before the sources write leaves: images with provenance, no sources rows
        Files.delete(dataset.resolve("tables/sources.parquet"));
        TestCli.Run validate = kymflow("validate", dataset);
        assertEquals(1, validate.code(), validate.err());
        assertTrue(validate.err().contains("has no sources row"), validate.err());
        TestCli.Run again = kymflow("ingest", dataset, folder);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("interrupted ingest"), again.err());
        assertTrue(again.out().contains("0 added, 3 updated"), again.out());
        assertEquals(3, images(dataset));
        assertEquals(0, kymflow("validate", dataset).code());
        assertTrue(kymflow("ingest", dataset, folder).out().contains("0 added, 0 updated, 3 unchanged"));
    }

    /** Defect 12: ROI values were wrapped to int (4294967297 became ROI 1), and bad ROIs surfaced only in analyses. */
    @Test
    void outOfRangeDuplicateAndOutsideRoisAreRefusedAtIngestNamingTheSidecar() throws Exception {
        Path folder = tmp.resolve("lab");
        String rect = "{\"roi_id\": %s, \"roi_type\": \"rect\", \"data\": {\"x0\": %s, \"x1\": %s, \"y0\": 0, \"y1\": 400}}";
        kymograph(folder, "wrapped", "{\"rois\": [" + String.format(rect, "4294967297", 0, 10) + "]}");
        kymograph(folder, "huge", "{\"rois\": [" + String.format(rect, 1, 0, "1e20") + "]}");
        kymograph(folder, "infinite", "{\"rois\": [" + String.format(rect, 1, 0, "Infinity") + "]}");
        kymograph(folder, "twice", "{\"rois\": [" + String.format(rect, 1, 0, 10) + ", " + String.format(rect, 1, 10, 20) + "]}");
        kymograph(folder, "outside", "{\"rois\": [" + String.format(rect, 3, 100, 120) + "]}");
        kymograph(folder, "fine", "{\"rois\": [" + String.format(rect, 1, 0, 10) + "]}");
        TestCli.Run run = kymflow("ingest", tmp.resolve("lab.zarr"), folder);
        assertEquals(1, run.code());
        assertTrue(run.out().contains("1 added") && run.out().contains("5 failed"), run.out());
        for (String name : List.of("wrapped", "huge", "infinite", "twice", "outside")) {
            String line = run.err().lines().filter(l -> l.contains(name + ".tif")).findFirst().orElse("");
            assertTrue(line.contains(name + ".json"), "no line names the sidecar of " + name + ": " + run.err());
        }
        assertTrue(run.err().contains("'roi_id' must be a whole number"), run.err());
        assertTrue(run.err().contains("used twice") && run.err().contains("lies outside"), run.err());
    }

    /** Defect 13: errors printed "null", "Input length = 1", a bare path, or a stack trace. */
    @Test
    void errorsAreOneLineNamingTheFileAndTheCause() throws Exception {
        assertTrue(ErrorMessageHandler.describe(new NullPointerException()).startsWith("internal error NullPointerException at "
                + TestCliFailureModes.class.getName()), "a message-less failure is named, with where it happened");
        assertEquals("permission denied: /x/a.tif", ErrorMessageHandler.describe(new AccessDeniedException("/x/a.tif")));
        assertEquals("no such file or folder: /x/b.tif", ErrorMessageHandler.describe(new NoSuchFileException("/x/b.tif")));

        Path folder = tmp.resolve("lab");
        Path tif = kymograph(folder, "latin", null);
        // an Olympus header with a Latin-1 micro sign, as FluoView writes them
        Files.write(folder.resolve("latin.txt"), ("\"X Dimension\"\t\"24, 0.0 - 7.2 [\u00b5m], 0.3 [um/pixel]\"\n"
                + "\"T Dimension\"\t\"1, 0.000 - 0.400 [s], Interval FreeRun\"\n\"Image Size\"\t\"24 * 400 [pixel]\"\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.write(folder.resolve("claims-huge.tif"), tiffHeaderClaiming(60_000, 60_000));
        TestCli.Run run = kymflow("ingest", tmp.resolve("lab.zarr"), folder);
        assertEquals(1, run.code(), run.err());
        assertTrue(run.out().contains("1 added") && run.out().contains("1 failed"), run.out());
        assertTrue(run.err().contains("claims-huge.tif") && run.err().contains("60000 x 60000") && run.err().contains("heap"),
                run.err());
        assertTrue(Files.exists(tif));

        TestCli.Run limit = kymflow("show", tmp.resolve("lab.zarr"), "sources", "--limit", "-1");
        assertEquals(2, limit.code(), "bad usage: " + limit.err());
        assertTrue(limit.err().contains("--limit must be at least 1"), limit.err());
    }

    /** Defect 13: a native codec that could not be unpacked gave a bare NoClassDefFoundError or a stack trace. */
    @Test
    void aNativeLibraryThatCannotLoadIsOneLine() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Djava.io.tmpdir=" + tmp.resolve("no-such-folder"), "-cp",
                System.getProperty("java.class.path"), KymflowCli.class.getName(), "demo", "--dir", tmp.resolve("demo").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("kymflow: the native blosc library cannot be loaded") && last.contains("no-such-folder"), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
    }

    /** Defect 14: commands created or replaced what the user did not ask for. */
    @Test
    void commandsNeverCreateOrReplaceWhatWasNotAskedFor() throws Exception {
        Path notADataset = tmp.resolve("Documents");
        Files.createDirectories(notADataset);
        Files.writeString(notADataset.resolve("thesis.txt"), "precious");
        TestCli.Run index = kymflow("index", notADataset, "radon");
        assertEquals(1, index.code());
        assertTrue(index.err().contains("is not a KymFlow dataset"), index.err());
        assertFalse(Files.exists(notADataset.resolve(".zgroup")));
        TestCli.Run typo = kymflow("index", tmp.resolve("lab.zarrr"), "radon");
        assertEquals(1, typo.code());
        assertFalse(Files.exists(tmp.resolve("lab.zarrr")), "a mistyped path is not created");

        Path folder = tmp.resolve("lab");
        kymograph(folder, "v0", null);
        Path real = tmp.resolve("demo-dir/demo.zarr");
        assertEquals(0, kymflow("ingest", real, folder).code());
        TestCli.Run demo = kymflow("demo", "--dir", tmp.resolve("demo-dir"));
        assertEquals(1, demo.code());
        assertTrue(demo.err().contains("not a dataset made by 'kymflow demo'"), demo.err());
        assertEquals(1, images(real));

        String id = TestCli.firstImage(real);
        TestCli.Run plot = kymflow("plot", real, id, "-o", real.resolve("tables/sources.parquet"));
        assertEquals(1, plot.code());
        assertTrue(plot.err().contains("inside the dataset"), plot.err());
    }

    /** Defect 15: a file name with a newline was skipped, and a sidecar with NaN was refused; links are followed. */
    @Test
    void oddButValidNamesAndPythonNaNAreIngested() throws Exception {
        Path folder = tmp.resolve("lab");
        kymograph(folder, "line\nbreak", null);
        kymograph(folder, "nan", "{\"experiment_metadata\": {\"temperature\": NaN}, \"rois\": []}");
        Path elsewhere = kymograph(tmp.resolve("elsewhere"), "linked", null);
        Files.createSymbolicLink(folder.resolve("linked.tif"), elsewhere); // labs link data folders together
        TestCli.Run run = kymflow("ingest", tmp.resolve("lab.zarr"), folder);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("3 added"), run.out());
    }

    /** A minimal little-endian TIFF whose first IFD claims a huge deflate image, with no pixel data. */
    private static byte[] tiffHeaderClaiming(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 8 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) 8);
        TestIngestIntegrity.entry(b, 256, 4, width);           // ImageWidth
        TestIngestIntegrity.entry(b, 257, 4, height);          // ImageLength
        TestIngestIntegrity.entry(b, 258, 3, 16);              // BitsPerSample
        TestIngestIntegrity.entry(b, 259, 3, 8);               // Compression: deflate
        TestIngestIntegrity.entry(b, 262, 3, 1);               // Photometric: black is zero
        TestIngestIntegrity.entry(b, 273, 4, 8);               // StripOffsets
        TestIngestIntegrity.entry(b, 278, 4, height);          // RowsPerStrip
        TestIngestIntegrity.entry(b, 279, 4, 16);              // StripByteCounts
        b.putInt(0);
        return b.array();
    }

}
