package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;

/**
 * Commands that could give a number or a file without saying it is wrong: each gives the right answer or
 * exits non-zero with a line naming the file and the cause.
 */
class TestNoSilentResults {
    private static final String ROI = "{\"rois\": [{\"roi_id\": 1, \"roi_type\": \"rect\", \"data\": {\"x0\": 0, \"x1\": 24,"
            + " \"y0\": 0, \"y1\": 400}}]}";
    @TempDir
    Path tmp;

    private static TestCli.Run kymflow(Object... args) {
        return TestCli.kymflow(args);
    }

    private Path ingested(String... names) throws Exception {
        Path folder = tmp.resolve("lab");
        for (String name : names) {
            Path tif = TestIngestIntegrity.kymograph(folder.resolve(name).getParent(), folder.resolve(name).getFileName().toString(), ROI);
            assertTrue(Files.exists(tif));
        }
        Path dataset = tmp.resolve("lab.zarr");
        TestCli.Run ingest = kymflow("ingest", dataset, folder);
        assertEquals(0, ingest.code(), ingest.err());
        return dataset;
    }

    @Test
    void aMissingChunkFailsEveryReadOfThosePixelsNamingTheChunk() throws Exception {
        Path dataset = ingested("a");
        assertEquals(0, kymflow("index", dataset, "roi_stats").code());
        String id;
        try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.READ)) {
            id = ds.listImageIds().get(0);
        }
        Path chunk = dataset.resolve("images/" + id + "/data/0.0");
        Files.delete(chunk);
        TestCli.Run validate = kymflow("validate", dataset);
        assertEquals(1, validate.code());
        assertTrue(validate.err().contains("chunk " + chunk.toAbsolutePath()) && validate.err().contains("missing"), validate.err());
        TestCli.Run replace = kymflow("index", dataset, "roi_stats", "--mode", "replace");
        assertEquals(1, replace.code(), replace.out());
        assertTrue(replace.err().contains(chunk.toAbsolutePath() + " is missing"), replace.err());
        TestCli.Run status = kymflow("status", dataset, "roi_stats");
        assertFalse(status.out().contains("1 fresh"), "pixels that cannot be read are not fresh: " + status.out());
        TestCli.Run export = kymflow("export", dataset, tmp.resolve("out"));
        assertEquals(1, export.code(), export.out());
        assertTrue(export.err().contains(chunk.toAbsolutePath() + " is missing"), export.err());
    }

    @Test
    void plotsOfFilesThatShareANameNeverOverwriteEachOther() throws Exception {
        Path dataset = ingested("a/img", "b/img", "b/other");
        assertEquals(0, kymflow("index", dataset, "radon").code());
        Path plots = tmp.resolve("plots");
        TestCli.Run plot = kymflow("plot", dataset, "--all", "-o", plots);
        assertEquals(0, plot.code(), plot.err());
        List<String> written;
        try (Stream<Path> files = Files.list(plots)) {
            written = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(3, written.size(), written.toString());
        assertTrue(written.contains("other.png"), written.toString());
        assertTrue(written.stream().filter(n -> n.startsWith("img-") && n.endsWith(".png")).count() == 2, written.toString());
    }

    @Test
    void paramsBelongToTheDatasetSoEveryCommandAgreesOnWhatIsFresh() throws Exception {
        Path dataset = ingested("a", "b");
        TestCli.Run index = kymflow("index", dataset, "radon", "--param", "radon.window_size=32");
        assertEquals(0, index.code(), index.err());
        assertTrue(index.out().contains("set radon.window_size=32 in the dataset's analysis configuration"), index.out());
        assertTrue(Files.readString(dataset.resolve("analysis_config.json")).contains("\"window_size\": 32"));
        TestCli.Run status = kymflow("status", dataset, "radon", "--json");
        assertTrue(status.out().contains("\"fresh\": 2"), "fresh with the params it ran with: " + status.out());
        TestCli.Run again = kymflow("index", dataset, "--all");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("radon -> tables/kym_radon.parquet (incremental): 2 images: 0 computed"), again.out());
        TestCli.Run shown = kymflow("params", dataset);
        assertTrue(shown.out().lines().anyMatch(l -> l.matches("\\s+window_size\\s+32\\s+\\(default 16\\)")), shown.out());

        assertTrue(kymflow("summary", dataset).out().contains(",ok,"), "--all brought the summary up to date");

        for (String bad : List.of("radon.window_size=abc", "radom.window_size=8", "radon.window=8")) {
            TestCli.Run refused = kymflow("params", dataset, bad);
            assertEquals(2, refused.code(), bad + ": " + refused.out());
        }
        assertTrue(kymflow("params", dataset, "radom.window_size=8").err().contains("available: ["));
        assertTrue(kymflow("params", dataset, "radon.window=8").err().contains("accepted params are ["));
        assertTrue(Files.readString(dataset.resolve("analysis_config.json")).contains("\"window_size\": 32"), "refusals change nothing");

        TestCli.Run reset = kymflow("params", dataset, "--reset", "radon");
        assertEquals(0, reset.code(), reset.err());
        assertTrue(reset.out().lines().anyMatch(l -> l.matches("\\s+window_size\\s+16 \\*")), reset.out());
        TestCli.Run stale = kymflow("status", dataset, "radon", "--json");
        assertTrue(stale.out().contains("\"STALE_PARAMS_CHANGED\": 2"), stale.out());
        TestCli.Run summary = kymflow("summary", dataset);
        assertEquals(0, summary.code(), summary.err());
        assertFalse(summary.out().contains(",ok,"), "no summary row is ok while its radon is stale: " + summary.out());
        assertTrue(summary.out().contains("stale (STALE_INPUT_CHANGED)"), summary.out());
        assertTrue(summary.err().contains("2 of 2 images have no up-to-date summary"), summary.err());
    }

    @Test
    void aDatasetThePythonPackageWroteIsValidAndItsImagesAreNotAdopted() throws Exception {
        Path written = tmp.resolve("python.zarr");
        Path script = Path.of("../kymflow-zarr/src/test/python/write_kymflow_dataset.py").toAbsolutePath();
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), written.toString(), "--small")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.exists(written.resolve("images").resolve(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(out).get("image_ids").get(0).asText())
                .resolve("analysis/provenance.json")), "the Python dataset carries provenance and no sources table");
        TestCli.Run validate = kymflow("validate", written);
        assertEquals(0, validate.code(), validate.err());
        Path empty = Files.createDirectories(tmp.resolve("nothing"));
        TestCli.Run ingest = kymflow("ingest", written, empty);
        assertEquals(0, ingest.code(), ingest.err());
        assertFalse(ingest.err().contains("interrupted ingest"), "Python's images are not ours to adopt: " + ingest.err());
        assertEquals(0, kymflow("validate", written).code());
    }

    @Test
    void theLogNeverSaysNothingRanWhileATableHoldsRows() throws Exception {
        Path dataset = ingested("a");
        assertEquals(0, kymflow("index", dataset, "roi_stats").code());
        Files.delete(dataset.resolve("tables/sys_runs.parquet")); // as a run killed before version 0.2 logged it
        TestCli.Run log = kymflow("log", dataset);
        assertEquals(0, log.code(), log.err());
        assertFalse(log.out().contains("no analysis has run"), log.out());
        assertTrue(log.out().contains("tables/kym_roi_stats.parquet has rows that no logged run wrote"), log.out());
    }

    private static String firstImage(Path dataset) {
        try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.READ)) {
            return ds.listImageIds().get(0);
        }
    }

    @Test
    void oneBadFileIsNamedAndTheRestOfTheDatasetStillAnswers() throws Exception {
        Path dataset = ingested("a", "b");
        assertEquals(0, kymflow("index", dataset, "roi_stats").code());
        Path zarray = dataset.resolve("images/" + firstImage(dataset) + "/data/.zarray");
        Files.writeString(zarray, "{bad");
        for (String command : List.of("status", "images")) {
            TestCli.Run run = kymflow(command, dataset);
            assertEquals(1, run.code(), command + ": " + run.out());
            assertTrue(run.err().contains("unreadable: ") && run.err().contains(zarray.toString()), command + ": " + run.err());
            assertTrue(run.out().contains(command.equals("images") ? ".tif" : "1 fresh"), command + " still shows the other image: "
                    + run.out());
        }
        assertEquals(0, kymflow("ingest", dataset, tmp.resolve("lab")).code(), "re-ingest rewrites damaged pixels");
        assertEquals(0, kymflow("status", dataset).code());

        Path stray = dataset.resolve("tables/extra.parquet");
        Files.write(stray, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        for (String command : List.of("info", "tables")) {
            TestCli.Run run = kymflow(command, dataset);
            assertEquals(1, run.code(), command);
            assertTrue(run.out().contains("kym_roi_stats") && run.err().contains(stray + ": not a readable Parquet file"), run.err());
            assertFalse(run.err().contains("ValueInputFile@"), run.err());
        }
        TestCli.Run export = kymflow("export", dataset, tmp.resolve("out"));
        assertEquals(1, export.code());
        assertTrue(Files.exists(tmp.resolve("out/tables/kym_roi_stats.csv")), "the readable tables are exported");
        assertTrue(export.err().contains("skipped table: " + stray), export.err());
        Files.delete(stray);

        Path runs = dataset.resolve("tables/sys_runs.parquet");
        Files.write(runs, new byte[] {1, 2, 3});
        TestCli.Run log = kymflow("log", dataset);
        assertEquals(1, log.code());
        assertTrue(log.err().contains(runs.toString()) && log.err().contains("starts a new log"), log.err());
        TestCli.Run index = kymflow("index", dataset, "roi_stats", "--mode", "replace");
        assertEquals(0, index.code(), "a corrupt run log blocks no run: " + index.err());
        assertEquals(0, kymflow("log", dataset).code());

        Path table = dataset.resolve("tables/kym_roi_stats.parquet");
        Files.write(table, new byte[] {1, 2, 3});
        TestCli.Run incremental = kymflow("index", dataset, "roi_stats");
        assertEquals(1, incremental.code());
        assertTrue(incremental.err().contains(table.toString()) && incremental.err().contains("--mode replace"), incremental.err());
        TestCli.Run threads = kymflow("index", dataset, "roi_stats", "--threads", "100000");
        assertEquals(2, threads.code());
        assertTrue(threads.err().contains("--threads must be from 1 to 1024, was 100000"), threads.err());
        TestCli.Run rebuild = kymflow("index", dataset, "roi_stats", "--mode", "replace");
        assertEquals(0, rebuild.code(), rebuild.err());
        assertTrue(kymflow("status", dataset, "roi_stats").out().contains("2 fresh"));
    }

    @Test
    void everyCommandThatWritesFilesFollowsOneRule() throws Exception {
        Path dataset = ingested("a");
        assertEquals(0, kymflow("index", dataset, "radon").code());
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dataset);
        List<List<Object>> inside = List.of(List.of("export", dataset, dataset.resolve("exported")),
                List.of("export", dataset, link.resolve("exported")), List.of("summary", dataset, "-o", dataset.resolve("sum.csv")),
                List.of("summary", dataset, "-o", link.resolve("sum.csv")), List.of("plot", dataset, "a", "-o", link.resolve("a.png")));
        for (List<Object> args : inside) {
            TestCli.Run run = kymflow(args.toArray());
            assertEquals(1, run.code(), args + ": " + run.out());
            assertTrue(run.err().contains("inside the dataset"), args + ": " + run.err());
        }
        Path existing = Files.writeString(tmp.resolve("existing.csv"), "precious");
        TestCli.Run summary = kymflow("summary", dataset, "-o", existing);
        assertEquals(1, summary.code());
        assertTrue(summary.err().contains("refusing to replace " + existing) && summary.err().contains("--force"), summary.err());
        assertEquals("precious", Files.readString(existing));
        Path png = Files.writeString(tmp.resolve("a.png"), "precious");
        assertEquals(1, kymflow("plot", dataset, "a", "-o", png).code());
        assertEquals("precious", Files.readString(png));
        assertEquals(0, kymflow("summary", dataset, "-o", existing, "--force").code());
        assertTrue(Files.readString(existing).startsWith("file,image_id,"));
    }

    @Test
    void metadataThatASpreadsheetWouldRunIsNeutralisedInSummaryCsv() throws Exception {
        Path folder = tmp.resolve("lab");
        TestIngestIntegrity.kymograph(folder, "a", "{\"experiment_metadata\": {\"genotype\": \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\","
                + " \"note\": \"@SUM(A1)\", \"plain\": \"wild type\"}, \"rois\": [{\"roi_id\": 1, \"data\": {\"x0\": 0,"
                + " \"x1\": 24, \"y0\": 0, \"y1\": 400}}]}");
        Path dataset = tmp.resolve("lab.zarr");
        assertEquals(0, kymflow("ingest", dataset, folder).code());
        String csv = kymflow("summary", dataset).out();
        assertTrue(csv.contains("'=HYPERLINK(") && csv.contains("'@SUM(A1)") && csv.contains("wild type"), csv);
        assertFalse(csv.contains(",=HYPERLINK") || csv.contains(",\"=HYPERLINK"), csv);
        assertTrue(kymflow("images", dataset, "--csv").out().contains("'=HYPERLINK("));
    }

    @Test
    void eachBuiltInDerivedAnalysisRunThroughTheLibraryRefusesMissingInputs() {
        org.kymflow.runtime.IndexerCatalog catalog = org.kymflow.runtime.IndexerCatalog.discover(List.of(), false);
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ds.addImage(org.kymflow.zarr.NdArray.ofUint16(new short[400 * 24], 400, 24));
            org.kymflow.runtime.KymDataset kym = new org.kymflow.runtime.KymDataset(ds);
            List<String> derived = catalog.loadedNames().stream().filter(n -> !catalog.create(n, java.util.Map.of()).inputs().isEmpty())
                    .toList();
            assertTrue(derived.containsAll(List.of("velocity_events", "velocity_summary")), derived.toString());
            for (String name : derived) {
                org.kymflow.api.BaseIndexer indexer = catalog.create(name, java.util.Map.of());
                org.kymflow.runtime.IndexingException e = org.junit.jupiter.api.Assertions.assertThrows(
                        org.kymflow.runtime.IndexingException.class, () -> kym.updateIndex(indexer));
                assertTrue(e.getMessage().contains("input '" + indexer.inputs().get(0) + "' has no results"), e.getMessage());
                assertFalse(ds.hasTable("kym_" + name), name + " wrote nothing");
            }
        }
    }

    @Test
    void peopleReadFileNamesInErrorsAndInTheExportIndex() throws Exception {
        Path dataset = ingested("a", "b");
        TestCli.Run unknown = kymflow("show", dataset, "kym_roi_stats", "--image", "zz"); // never a hex id prefix
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("e.g. a.tif, b.tif"), unknown.err());
        assertEquals(0, kymflow("export", dataset, tmp.resolve("out")).code());
        List<String> index = Files.readAllLines(tmp.resolve("out/images.csv"));
        assertEquals("image_id,file,source_path,folder", index.get(0));
        assertTrue(index.get(1).contains(",a.tif," + tmp.resolve("lab/a.tif").toAbsolutePath() + ",images/"), index.toString());
        String folder = index.get(1).substring(index.get(1).lastIndexOf(',') + 1);
        assertTrue(Files.isRegularFile(tmp.resolve("out").resolve(folder).resolve("image.tif")), folder);
    }

    /**
     * The shared folder's cross-section scans carry diameter ROIs: radon measures streak slopes, which mean
     * nothing across a vessel, so it gives those images no rows (not velocities, and not the whole-image
     * fallback of an image without ROIs), while the capillary's velocity ROIs are measured as before.
     */
    @Test
    void radonSkipsDiameterRoisOfTheSharedCrossSectionScans() throws Exception {
        Path data = TestCli.sharedData();
        Path dataset = tmp.resolve("shared.zarr");
        assertEquals(0, kymflow("ingest", dataset, data).code());
        assertEquals(0, kymflow("index", dataset, "radon").code());
        try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.READ)) {
            java.util.Map<String, String> files = org.kymflow.runtime.SourceFiles.fileNames(ds);
            org.kymflow.table.Table radon = ds.loadTable("kym_radon");
            java.util.Set<String> withRows = new java.util.TreeSet<>();
            for (int r = 0; r < radon.rowCount(); r++) {
                withRows.add(files.get(radon.getString("image_id", r)));
            }
            assertEquals(java.util.Set.of("Capillary1_0001.tif"), withRows);
            assertEquals(16241, radon.rowCount(), "the capillary's three ROIs, as the reference has them");
        }
        TestCli.Run status = kymflow("status", dataset, "radon", "--json");
        assertTrue(status.out().contains("\"FRESH_ZERO_ROWS\": 2"), "the cross-sections are done, with nothing to measure: "
                + status.out());
    }
}
