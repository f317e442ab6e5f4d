package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.zarr.NdArray;

/** Names people know and one output convention: images by file name, every row in CSV/JSON, JSON everywhere. */
class TestNamesAndReports {
    @TempDir
    Path tmp;

    /**
     * A 2000-line x 24-pixel vessel scan with an Olympus header (0.3 um/pixel, 1 ms/line, acquired
     * 11/02/2022 12:30:15.461 PM) and the given sidecar, as a lab's folder holds it.
     */
    static void vessel(Path folder, String name, String sidecar) throws Exception {
        org.kymflow.runtime.ingest.TiffFiles.write(NdArray.ofUint16(SyntheticKymograph.draw(2000, 24, 2.0, 12, name.hashCode()), 2000, 24),
                folder.resolve(name + ".tif"));
        Files.writeString(folder.resolve(name + ".txt"), String.join("\n",
                "\"X Dimension\"\t\"24, 0.0 - 7.2 [um], 0.3 [um/pixel]\"",
                "\"T Dimension\"\t\"1, 0.000 - 2.000 [s], Interval FreeRun\"",
                "\"Image Size\"\t\"24 * 2000 [pixel]\"",
                "\"Date\"\t\"11/02/2022 12:30:15.461 PM\""));
        Files.writeString(folder.resolve(name + ".json"), sidecar);
    }

    private Path ingested() throws Exception {
        Path folder = tmp.resolve("lab");
        Files.createDirectories(folder);
        for (String name : List.of("vessel_a", "vessel_b")) {
            vessel(folder, name, "{\"experiment_metadata\": {\"condition\": \"" + name + "\"}, \"rois\": "
                    + "[{\"roi_id\": 1, \"roi_type\": \"rect\", \"data\": {\"x0\": 1, \"x1\": 23, \"y0\": 0, \"y1\": 2000}}]}");
        }
        Path ds = tmp.resolve("lab.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, folder).code());
        assertEquals(0, TestCli.kymflow("index", ds, "radon").code());
        return ds;
    }

    @Test
    @SuppressWarnings("unchecked")
    void imagesAreListedWithTheirFileNamesAndFoundByThem() throws Exception {
        Path ds = ingested();
        TestCli.Run images = TestCli.kymflow("images", ds);
        assertTrue(images.out().contains("vessel_a.tif") && images.out().contains("2022-11-02T12:30:15")
                && images.out().contains("0.300  1.00"), images.out());
        List<Map<String, Object>> json = new ObjectMapper().readValue(TestCli.kymflow("images", ds, "--json").out(), List.class);
        assertEquals(2, json.size());
        assertEquals(java.util.Set.of("vessel_a.tif", "vessel_b.tif"), java.util.Set.of(json.get(0).get("file"), json.get(1).get("file")));
        assertEquals("vessel_a", ((Map<String, Object>) json.stream().filter(j -> j.get("file").equals("vessel_a.tif")).findFirst()
                .orElseThrow().get("experiment")).get("condition"));
        TestCli.Run csv = TestCli.kymflow("images", ds, "--csv");
        assertTrue(csv.out().startsWith("image_id,file,acquired,shape,dtype,delx_um,delt_s,rois,condition"), csv.out());
        TestCli.Run plot = TestCli.kymflow("plot", ds, "vessel_b", "-o", tmp.resolve("b.png"));
        assertEquals(0, plot.code(), plot.err());
        TestCli.Run ambiguous = TestCli.kymflow("plot", ds, "zzz", "-o", tmp.resolve("z.png"));
        assertEquals(1, ambiguous.code());
        assertTrue(ambiguous.err().contains("no image 'zzz'"), ambiguous.err());
    }

    /** Issue 11 found `show --csv` writing 20 of 3,988 rows without a word. */
    @Test
    @SuppressWarnings("unchecked")
    void csvAndJsonWriteEveryRowUnlessALimitIsGiven() throws Exception {
        Path ds = ingested();
        long rows = ((Number) ((List<Map<String, Object>>) new ObjectMapper().readValue(TestCli.kymflow("info", ds, "--json").out(), Map.class)
                .get("tables")).stream().filter(t -> t.get("name").equals("kym_radon")).findFirst().orElseThrow().get("rows")).longValue();
        assertTrue(rows > 100);
        assertEquals(rows + 1, TestCli.kymflow("show", ds, "kym_radon", "--csv").out().strip().split("\n").length);
        assertEquals(6, TestCli.kymflow("show", ds, "kym_radon", "--csv", "--limit", "5").out().strip().split("\n").length);
        List<Object> json = new ObjectMapper().readValue(TestCli.kymflow("show", ds, "kym_radon", "--json").out(), List.class);
        assertEquals(rows, json.size());
        assertTrue(TestCli.kymflow("show", ds, "kym_radon").out().contains("more rows"), "the terminal table stays short");
        Map<String, Object> valid = new ObjectMapper().readValue(TestCli.kymflow("validate", ds, "--json").out(), Map.class);
        assertEquals(Boolean.TRUE, valid.get("valid"));
        List<Map<String, Object>> tables = new ObjectMapper().readValue(TestCli.kymflow("tables", ds, "--json").out(), List.class);
        assertTrue(tables.stream().anyMatch(t -> t.get("name").equals("sources") && ((List<?>) t.get("columns")).contains("image_id")));
    }

    @Test
    void exportRefusesAFolderThatIsNotEmptyUnlessForced() throws Exception {
        Path ds = ingested();
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("thesis.docx"), "precious");
        TestCli.Run refused = TestCli.kymflow("export", ds, out);
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("not empty") && refused.err().contains("--force"), refused.err());
        assertEquals(0, TestCli.kymflow("export", ds, out, "--force").code());
        assertEquals("precious", Files.readString(out.resolve("thesis.docx")));
    }

    /** The summary against values computed here, independently, from the radon table; XLSX readable as a workbook. */
    @Test
    void theSummaryJoinsNamesAndMetadataAndAgreesWithTheRadonTable() throws Exception {
        Path ds = ingested();
        TestCli.Run missing = TestCli.kymflow("summary", ds);
        assertTrue(missing.out().contains("missing (run: kymflow index DATASET velocity_summary)"), "never silently empty: " + missing.out());
        assertEquals(0, TestCli.kymflow("index", ds, "velocity_summary").code());
        Path csv = tmp.resolve("summary.csv");
        assertEquals(0, TestCli.kymflow("summary", ds, "-o", csv).code());
        org.kymflow.table.Table summary = org.kymflow.table.TableCsv.read(Files.newBufferedReader(csv));
        assertEquals(2, summary.rowCount());
        try (org.kymflow.zarr.ZarrDataset dataset = org.kymflow.zarr.ZarrDataset.open(ds, org.kymflow.zarr.OpenMode.READ)) {
            org.kymflow.table.Table radon = dataset.loadTable("kym_radon");
            for (int r = 0; r < summary.rowCount(); r++) {
                String id = summary.getString("image_id", r);
                org.kymflow.table.Table rows = radon.filterEquals("image_id", id);
                double sum = 0;
                int n = 0;
                for (int k = 0; k < rows.rowCount(); k++) {
                    double v = rows.getDouble("clean_velocity_mm_s", k);
                    if (!Double.isNaN(v)) {
                        sum += v;
                        n++;
                    }
                }
                assertEquals(sum / n, summary.getDouble("clean_mean", r), 1e-12);
                assertEquals(n, summary.getLong("clean_n_valid", r));
                assertEquals(summary.getString("file", r).replace(".tif", ""), summary.getString("condition", r), "sidecar fields joined");
                assertEquals(23L, summary.getLong("roi_x1", r), "ROI geometry joined");
            }
        }
        Path xlsx = tmp.resolve("summary.xlsx");
        assertEquals(0, TestCli.kymflow("summary", ds, "-o", xlsx, "--by", "image").code());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(xlsx.toFile())) {
            String sheet = new String(zip.getInputStream(zip.getEntry("xl/worksheets/sheet1.xml")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String strings = new String(zip.getInputStream(zip.getEntry("xl/sharedStrings.xml")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(strings.contains("vessel_a.tif") && strings.contains("n_rois") && sheet.contains("<row"), strings);
        }
    }

    @Test
    void oneConventionForWarningsVersionsNamesAndTheTerminal() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("bare"));
        org.kymflow.runtime.ingest.TiffFiles.write(NdArray.ofUint16(SyntheticKymograph.draw(400, 16, 2.0, 8, 3), 400, 16), folder.resolve("bare.tif"));
        TestCli.Run ingest = TestCli.kymflow("ingest", tmp.resolve("bare.zarr"), folder);
        assertEquals(0, ingest.code());
        assertTrue(ingest.err().contains("bare.txt is missing") && ingest.err().contains("pixels/line")
                && ingest.err().contains("no sidecar bare.json"), ingest.err());

        assertEquals(2, TestCli.kymflow("index", "--version").code(), "--version belongs to the top level only");
        TestCli.Run version = TestCli.kymflow("--version");
        assertTrue(version.out().strip().matches("kymflow \\d+\\.\\d+\\.\\d+.*"), version.out());

        Path ds = ingested();
        TestCli.Run index = TestCli.kymflow("index", ds, "roi_stats");
        assertTrue(index.out().contains("vessel_a.tif (") && index.out().contains("vessel_b.tif ("), "progress names the files: " + index.out());
        TestCli.Run unknown = TestCli.kymflow("index", ds, "nosuch", "--plugins", tmp.resolve("my-plugins"));
        assertTrue(unknown.err().contains("plugin folders searched") && unknown.err().contains("my-plugins"), unknown.err());

        TestCli.Run narrow = TestCli.kymflow("show", ds, "kym_radon", "--limit", "3");
        for (String line : narrow.out().split("\n")) {
            assertTrue(line.length() <= 80 || line.startsWith("..."), "fits 80 columns: " + line);
        }
        assertTrue(narrow.out().contains("--wide"), narrow.out());
        TestCli.Run wide = TestCli.kymflow("show", ds, "kym_radon", "--limit", "3", "--wide");
        assertTrue(wide.out().contains("params_hash") && wide.out().contains("velocity_units"), wide.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsNameFilesAndTimesAreIsoAndExportTakesImages() throws Exception {
        Path ds = ingested();
        TestCli.Run show = TestCli.kymflow("show", ds, "kym_radon", "--limit", "2");
        assertTrue(show.out().contains("file") && show.out().contains("vessel_"), "the file beside the id: " + show.out());
        TestCli.Run log = TestCli.kymflow("log", ds);
        assertTrue(log.out().lines().skip(1).findFirst().orElse("").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2} .*"),
                "ISO 8601 under the header: " + log.out());
        Path out = tmp.resolve("one");
        assertEquals(0, TestCli.kymflow("export", ds, out, "--image", "vessel_b").code());
        try (var images = Files.list(out.resolve("images"))) {
            assertEquals(1, images.count(), "only the image asked for");
        }
        org.kymflow.table.Table radon = org.kymflow.table.TableCsv.read(Files.newBufferedReader(out.resolve("tables/kym_radon.csv")));
        assertEquals(1, java.util.stream.IntStream.range(0, radon.rowCount()).mapToObj(r -> radon.getString("image_id", r)).distinct().count());
        TestCli.Run unknown = TestCli.kymflow("export", ds, tmp.resolve("two"), "--image", "nope");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no image 'nope'"), unknown.err());

        Path bare = Files.createDirectories(tmp.resolve("bare"));
        org.kymflow.runtime.ingest.TiffFiles.write(NdArray.ofUint16(SyntheticKymograph.draw(400, 16, 2.0, 8, 3), 400, 16), bare.resolve("noheader.tif"));
        assertEquals(0, TestCli.kymflow("ingest", ds, bare).code());
        Map<String, Object> status = new ObjectMapper().readValue(TestCli.kymflow("status", ds, "radon", "--json").out(), Map.class);
        List<String> noScale = (List<String>) status.get("no_scale");
        assertEquals(1, noScale.size());
        assertTrue(noScale.get(0).startsWith("noheader.tif"), noScale.toString());
    }

    /** The demo goes the way a lab's data goes (files, ingest, analyses), so its results carry file names. */
    @Test
    @SuppressWarnings("unchecked")
    void demoIngestsSyntheticFilesAndReportsThemByName() throws Exception {
        Path dir = tmp.resolve("demo");
        for (int run = 0; run < 2; run++) { // the second run replaces the first, it does not add to it
            TestCli.Run demo = TestCli.kymflow("demo", "--dir", dir);
            assertEquals(0, demo.code(), demo.err());
            java.util.regex.Matcher row = java.util.regex.Pattern
                    .compile("(?m)^(synthetic\\d_[+-][0-9.]+mms\\.tif)\\s+\\S+\\s+(-?[0-9.]+)\\s+(-?[0-9.]+)$").matcher(demo.out());
            int rows = 0;
            while (row.find()) {
                rows++;
                double truth = Double.parseDouble(row.group(2));
                assertTrue(row.group(1).contains(String.format(java.util.Locale.ROOT, "%+.1fmms", truth)), row.group());
                assertEquals(truth, Double.parseDouble(row.group(3)), 0.05, row.group());
            }
            assertEquals(4, rows, demo.out());
        }
        for (String name : List.of("synthetic1_+0.5mms", "synthetic3_-0.8mms")) {
            for (String ext : List.of(".tif", ".txt", ".json")) {
                assertTrue(Files.isRegularFile(dir.resolve("source").resolve(name + ext)), name + ext);
            }
        }
        Path ds = dir.resolve("demo.zarr");
        List<Map<String, Object>> images = new ObjectMapper().readValue(TestCli.kymflow("images", ds, "--json").out(), List.class);
        assertEquals(List.of("synthetic1_+0.5mms.tif", "synthetic2_+1.0mms.tif", "synthetic3_-0.8mms.tif", "synthetic4_+1.3mms.tif"),
                images.stream().map(m -> m.get("file")).toList(), "listed in file order");
        TestCli.Run summary = TestCli.kymflow("summary", ds);
        assertEquals(5, summary.out().strip().lines().count(), summary.out());
        assertTrue(summary.out().lines().skip(1).allMatch(l -> l.startsWith("synthetic") && l.contains("mm/s")), "the file first: " + summary.out());
    }
}
