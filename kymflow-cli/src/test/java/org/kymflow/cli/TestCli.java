package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.runtime.ExamplePlugin;
import org.kymflow.table.Table;
import org.kymflow.viewer.KymographPlot;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;

/** The command line, run in-process as a user would type it. */
class TestCli {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run kymflow(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] strings = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int code = KymflowCli.run(strings, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Path sharedData() {
        Path dir = Path.of(System.getProperty("kymflow.shared.data", "../shared/data"));
        boolean present = Files.isRegularFile(dir.resolve("Capillary1_0001.tif"));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI=true but the shared data folder " + dir.toAbsolutePath() + " is missing");
        }
        if (!(present)) {
            System.out.println("[skipped] real data folder " + dir.toAbsolutePath() + " is absent"); // on the console, not only in the reports
        }
        Assumptions.assumeTrue(present, "skipped: real data folder " + dir.toAbsolutePath() + " is absent");
        return dir;
    }

    /**
     * The real capillary alone (its TIFF, header and sidecar) in a folder of its own: the shared folder holds
     * other scans too (cross-sections for diameter) in sub-folders.
     */
    static Path capillaryFolder(Path data, Path folder) throws java.io.IOException {
        Files.createDirectories(folder);
        for (String f : List.of("Capillary1_0001.tif", "Capillary1_0001.txt", "Capillary1_0001.json")) {
            Files.copy(data.resolve(f), folder.resolve(f));
        }
        return folder;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRealFolderIngestsAndItsAnalysesMatchTheReference() throws Exception {
        Path data = sharedData();
        Path ds = tmp.resolve("lab.zarr");
        Run ingest = kymflow("ingest", ds, capillaryFolder(data, tmp.resolve("capillary")));
        assertEquals(0, ingest.code(), ingest.err());
        assertTrue(ingest.out().contains("1 added"), ingest.out());
        Run index = kymflow("index", ds, "radon", "roi_stats", "--threads", "2");
        assertEquals(0, index.code(), index.err());
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            String id = dataset.listImageIds().get(0);
            Map<String, Object> header = (Map<String, Object>) dataset.record(id).loadMetadataPayload().get("header");
            List<Object> voxels = (List<Object>) header.get("voxels");
            assertEquals(35.099 / 30000, ((Number) voxels.get(0)).doubleValue(), 1e-15, "delt from the Olympus header");
            assertEquals(0.284, ((Number) voxels.get(1)).doubleValue(), 1e-15, "delx from the Olympus header");
            assertTrue(header.get("acquired_local_epoch_ns") instanceof Number, "acquisition time from the header");
            Table sources = dataset.loadTable("sources");
            assertEquals(tmp.resolve("capillary/Capillary1_0001.tif").toAbsolutePath().normalize().toString(), sources.getString("source_primary_path", 0));
            assertEquals(Files.size(data.resolve("Capillary1_0001.tif")), sources.getLong("source_size_bytes", 0));
            Map<String, Object> provenance = (Map<String, Object>) dataset.record(id).loadJson("provenance");
            assertEquals(sources.getString("source_primary_path", 0), provenance.get("original_path"));

            Table radon = dataset.loadTable("kym_radon");
            List<double[]> reference = new ArrayList<>();
            try (BufferedReader in = Files.newBufferedReader(data.resolve("Capillary1_0001_kymanalysis.csv"))) {
                in.readLine();
                String line;
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(",", -1);
                    reference.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[2]), Double.parseDouble(f[3])});
                }
            }
            assertEquals(reference.size(), radon.rowCount());
            int same = 0;
            for (int r = 0; r < reference.size(); r++) {
                assertEquals((int) reference.get(r)[0], radon.getInt("roi_id", r));
                assertEquals(reference.get(r)[1], radon.getDouble("time_s", r), reference.get(r)[1] * 1e-9);
                double v = reference.get(r)[2];
                same += Math.abs(radon.getDouble("velocity_mm_s", r) - v) <= 5e-7 * Math.abs(v) ? 1 : 0;
            }
            assertTrue(same >= 0.999 * reference.size(), same + " of " + reference.size() + " velocities match");
            Table stats = dataset.loadTable("kym_roi_stats");
            assertEquals(209.7716701754386, stats.getDouble("mean", 0), 209.77 * 1e-9);
            assertEquals(55.3394825318662, stats.getDouble("std", 0), 55.34 * 1e-9);
        }
        Path png = tmp.resolve("capillary.png");
        Run plot = kymflow("plot", ds, firstImage(ds), "-o", png);
        assertEquals(0, plot.code(), plot.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(KymographPlot.WIDTH, image.getWidth());
        assertTrue(plot.out().contains(KymographPlot.WIDTH + " x " + image.getHeight()), plot.out());
    }

    static String firstImage(Path ds) {
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            return dataset.listImageIds().get(0);
        }
    }

    /** A folder as a lab has it: TIFFs with headers and sidecars in both ROI forms, and one broken TIFF. */
    private Path labFolder() throws Exception {
        Path folder = tmp.resolve("lab");
        Files.createDirectories(folder.resolve("day2"));
        double delt = 0.001;
        double delx = 0.3;
        for (int i = 0; i < 2; i++) {
            double velocity = i == 0 ? 0.6 : -0.9;
            short[] px = SyntheticKymograph.draw(800, 32, SyntheticKymograph.pixelsPerLine(velocity, delx, delt), 15, i);
            Path tif = (i == 0 ? folder : folder.resolve("day2")).resolve("vessel" + i + ".tif");
            org.kymflow.runtime.ingest.TiffFiles.write(NdArray.ofUint16(px, 800, 32), tif);
            Files.writeString(tif.resolveSibling("vessel" + i + ".txt"), String.join("\n",
                    "\"X Dimension\"\t\"32, 0.0 - 9.6 [um], 0.3 [um/pixel]\"",
                    "\"T Dimension\"\t\"1, 0.000 - 0.800 [s], Interval FreeRun\"",
                    "\"Image Size\"\t\"32 * 800 [pixel]\"",
                    "\"Date\"\t\"11/02/2022 12:30:15.461 PM\""));
            String rois = i == 0
                    ? "[{\"roi_id\": 1, \"roi_type\": \"rect\", \"data\": {\"x0\": 2, \"x1\": 30, \"y0\": 0, \"y1\": 800}},"
                    + " {\"roi_id\": 2, \"roi_type\": \"rect\", \"data\": {\"x0\": 0, \"x1\": 16, \"y0\": 100, \"y1\": 500}}]"
                    : "[{\"id\": 7, \"dim0_start\": 0, \"dim0_stop\": 800, \"dim1_start\": 1, \"dim1_stop\": 31}]";
            Files.writeString(tif.resolveSibling("vessel" + i + ".json"),
                    "{\"experiment_metadata\": {\"condition\": \"control\"}, \"rois\": " + rois + "}");
        }
        Files.writeString(folder.resolve("broken.tif"), "II*\u0000 not really a tiff");
        return folder;
    }

    @Test
    void aMultiPageTiffIsRefusedNotCutToItsFirstPage() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("stack"));
        org.kymflow.runtime.ingest.TiffFiles.write(NdArray.ofUint8(new byte[2 * 10 * 12], 2, 10, 12), folder.resolve("two-channels.tif"));
        Run ingest = kymflow("ingest", tmp.resolve("s.zarr"), folder);
        assertEquals(1, ingest.code());
        assertTrue(ingest.err().contains("has 2 pages") && ingest.err().contains("two-channels.tif"), ingest.err());
        assertTrue(ingest.out().contains("0 added"), ingest.out());
    }

    @Test
    void theWholeCommandLineOnATemporaryDataset() throws Exception {
        Path folder = labFolder();
        Path ds = tmp.resolve("lab.zarr");
        Run first = kymflow("ingest", ds, folder);
        assertEquals(1, first.code(), "a file could not be read: exit 1, the others went in");
        assertTrue(first.out().contains("2 added, 0 updated, 0 unchanged, 1 failed"), first.out());
        assertTrue(first.err().contains(folder.resolve("broken.tif").toAbsolutePath().toString()), first.err());
        Run again = kymflow("ingest", ds, folder);
        assertTrue(again.out().contains("0 added, 0 updated, 2 unchanged, 1 failed"), "idempotent: " + again.out());
        Files.delete(folder.resolve("broken.tif"));
        Path changed = folder.resolve("vessel0.tif");
        org.kymflow.runtime.ingest.TiffFiles.write(NdArray.ofUint16(SyntheticKymograph.draw(800, 32, 1.2, 15, 99), 800, 32), changed);
        Files.setLastModifiedTime(changed, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Run third = kymflow("ingest", ds, folder);
        assertEquals(0, third.code(), third.err());
        assertTrue(third.out().contains("0 added, 1 updated, 1 unchanged, 0 failed"), third.out());

        Run index = kymflow("index", ds, "--all", "--threads", "2");
        assertEquals(0, index.code(), index.err());
        assertTrue(index.out().contains("radon -> tables/kym_radon.parquet (incremental): 2 images: 2 computed"), index.out());
        Run tables = kymflow("tables", ds);
        assertTrue(tables.out().contains("kym_radon") && tables.out().contains("kym_roi_stats") && tables.out().contains("sources"), tables.out());
        Run info = kymflow("info", ds);
        assertTrue(info.out().contains("images:         2") && info.out().contains("schema_version 1"), info.out());

        String id;
        int legacyRois;
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            id = dataset.listImageIds().get(0);
            Table stats = dataset.loadTable("kym_roi_stats");
            legacyRois = stats.filterRows(r -> stats.getInt("roi_id", r) == 7).rowCount();
            assertEquals(3, stats.rowCount(), "ROIs 1 and 2 of the current form, ROI 7 of the v1.0 form");
        }
        assertEquals(1, legacyRois);
        Run show = kymflow("show", ds, "kym_radon", "--image", id, "--limit", "3");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("velocity_mm_s") && show.out().contains(id.substring(0, 8)) && show.out().contains("more rows"), show.out()); // ids shortened to a prefix that still resolves
        Run csv = kymflow("show", ds, "kym_roi_stats", "--csv");
        assertTrue(csv.out().startsWith("image_id,analysis_version,params_hash,roi_id,n,n_nan,min,max,mean,std"), csv.out());
        assertEquals(4, csv.out().strip().split("\n").length);

        Path export = tmp.resolve("export");
        Run exported = kymflow("export", ds, export);
        assertEquals(0, exported.code(), exported.err());
        BufferedImage tif = ImageIO.read(export.resolve("images/" + id + "/image.tif").toFile());
        assertEquals(32, tif.getWidth());
        assertEquals(800, tif.getHeight());
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            assertEquals(dataset.record(id).loadArray(), org.kymflow.runtime.ingest.TiffFiles.read(export.resolve("images/" + id + "/image.tif")),
                    "the exported TIFF holds the stored pixels");
            assertEquals(dataset.loadTable("kym_radon").rowCount() + 1,
                    Files.readAllLines(export.resolve("tables/kym_radon.csv")).size(), "header row and every row");
        }
        assertTrue(Files.isRegularFile(export.resolve("images/" + id + "/metadata.json")));
        assertTrue(Files.isRegularFile(export.resolve("images/" + id + "/provenance.json")));

        Path png = tmp.resolve("plot.png");
        Run plot = kymflow("plot", ds, id, "-o", png);
        assertEquals(0, plot.code(), plot.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(KymographPlot.WIDTH, image.getWidth());
        assertTrue(plot.out().contains(KymographPlot.WIDTH + " x " + image.getHeight()), plot.out());

        Run valid = kymflow("validate", ds);
        assertEquals(0, valid.code(), valid.err());
        assertTrue(valid.out().contains("valid: 2 images"), valid.out());
    }

    @Test
    void errorsAreOneClearLineAndTheRightExitCode() throws Exception {
        Path ds = tmp.resolve("d.zarr");
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.WRITE)) {
            dataset.addImage(NdArray.ofUint16(SyntheticKymograph.draw(200, 20, 1, 5, 1), 200, 20));
        }
        Run missing = kymflow("info", tmp.resolve("nowhere.zarr"));
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("kymflow: no dataset at") && !missing.err().contains("\tat "), missing.err());
        Run badParam = kymflow("index", ds, "radon", "--param", "radon.window_size=10");
        assertEquals(1, badParam.code());
        assertTrue(badParam.err().contains("'window_size'") && badParam.err().contains("multiple of 4"), badParam.err());
        Run unknownParam = kymflow("index", ds, "radon", "--param", "radon.windowsize=16");
        assertTrue(unknownParam.err().contains("unknown param 'windowsize'"), unknownParam.err());
        Run unknown = kymflow("index", ds, "velocity");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no loaded indexer 'velocity'") && unknown.err().contains("radon"), unknown.err());
        assertEquals(2, kymflow("index", ds).code(), "no analysis named: bad usage");
        assertEquals(2, kymflow("show", ds).code(), "missing parameter: bad usage");
        assertEquals(2, kymflow("info", ds, "--bogus").code(), "unknown option: bad usage");
        assertEquals(1, kymflow("init", ds).code(), "init refuses an existing dataset");
        assertEquals(1, kymflow("ingest", ds, tmp.resolve("no-such-folder")).code());
        assertTrue(kymflow("--help").out().contains("ingest") && kymflow("index", "--help").out().contains("--param"));
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            assertEquals(List.of(), dataset.listTableNames(), "the failed runs wrote no table");
        }
    }

    @Test
    void aCommandLineThatNamesOneSubcommandGetsOnlyThatOneAndTheRestSeeThemAll() {
        // each registered name is the name its class declares, so help and errors name commands as before
        KymflowCli.SUBCOMMANDS.forEach((name, command) -> assertEquals(name,
            command.get().getClass().getAnnotation(picocli.CommandLine.Command.class).name(), "registered as " + name));
        assertEquals("index", KymflowCli.subcommandNamed(new String[] {"index", "lab.zarr", "status"}));
        assertEquals("status", KymflowCli.subcommandNamed(new String[] {"-v", "status", "lab.zarr"}));
        assertEquals("", KymflowCli.subcommandNamed(new String[] {"--version"}), "the version needs no subcommand");
        assertEquals("", KymflowCli.subcommandNamed(new String[] {"-v", "-V"}));
        for (String[] all : new String[][] {{}, {"--help"}, {"help", "index"}, {"statu"}, {"-V", "--help"}}) {
            assertEquals(null, KymflowCli.subcommandNamed(all), String.join(" ", all) + " needs every subcommand");
        }
        Run usage = kymflow();
        assertEquals(0, usage.code(), usage.err());
        for (String name : KymflowCli.SUBCOMMANDS.keySet()) {
            assertTrue(usage.out().contains("\n  " + name + " "), name + " listed in the usage:\n" + usage.out());
        }
        Run typo = kymflow("statu");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("Did you mean: kymflow status"), typo.err());
        Run help = kymflow("help", "index");
        assertTrue(help.out().startsWith("Usage: kymflow index"), help.out());
        assertTrue(kymflow("--version").out().startsWith("kymflow "), "the version alone");
    }

    @Test
    void theRealProgramPrintsEverythingBeforeItExits() throws Exception {
        Path ds = tmp.resolve("d.zarr");
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.WRITE)) {
            dataset.saveTable("sources", Table.columnBuilder().addStrings("image_id", "a", "b").build());
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), KymflowCli.class.getName(),
                "show", ds.toString(), "sources").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("image_id") && out.contains("b"), "printed before System.exit: " + out);
    }

    @Test
    void theReadmePluginWalkthrough() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Path jar = ExamplePlugin.build(tmp, plugins);
        Run list = kymflow("indexers", "--plugins", plugins);
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("profile") && list.out().contains("LOADED") && list.out().contains(jar.toAbsolutePath().toString()),
                list.out());
        Run json = kymflow("indexers", "--plugins", plugins, "--json");
        List<Map<String, Object>> entries = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json.out(), List.class);
        assertEquals(10, entries.size(), "eight built-ins and the plugin's two");
        assertTrue(entries.stream().anyMatch(e -> "profile".equals(e.get("name")) && "LOADED".equals(e.get("status"))
                && ((String) e.get("jar_sha256")).length() == 64));
        Path ds = tmp.resolve("d.zarr");
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.WRITE)) {
            dataset.addImage(NdArray.ofUint16(SyntheticKymograph.draw(100, 12, 1, 5, 1), 100, 12));
        }
        Run index = kymflow("index", ds, "profile", "--plugins", plugins, "--param", "profile.subtract_min=true");
        assertEquals(0, index.code(), index.err());
        Run show = kymflow("show", ds, "kym_profile", "--csv", "--limit", "100");
        assertEquals(13, show.out().strip().split("\n").length, show.out());
        Run derived = kymflow("index", ds, "profile_peak", "--plugins", plugins, "--param", "profile.subtract_min=true");
        assertEquals(0, derived.code(), derived.err());
        assertTrue(derived.out().contains("0 computed, 1 fresh"), "profile, its input, is already up to date: " + derived.out());
        Run peak = kymflow("show", ds, "kym_profile_peak", "--csv");
        assertTrue(peak.out().startsWith("image_id,analysis_version,params_hash,roi_id,peak_x,peak_mean"), peak.out());
        Files.writeString(plugins.resolve("broken.jar"), "not a jar");
        Run strict = kymflow("indexers", "--plugins", plugins, "--strict");
        assertEquals(1, strict.code());
        assertTrue(strict.err().contains("broken.jar"), strict.err());
    }
}
