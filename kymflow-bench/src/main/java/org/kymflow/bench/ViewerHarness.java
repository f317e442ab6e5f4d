package org.kymflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.Roi;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.KymDataset;
import org.kymflow.runtime.Rois;
import org.kymflow.runtime.SourceFiles;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.viewer.KymViewer;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The viewer's documented harness (issue 12's targets), run by {@code kymflow-bench/run-viewer.sh}: medians
 * of repeated requests against an in-process viewer over loopback, and of page loads in Debian's chromium.
 *
 * <ul>
 *   <li>the dataset page's API answer for 1,000 analysed images and for 5,000 images (server side: request
 *       to last byte, over loopback);</li>
 *   <li>the time from navigation to a usable dataset page in Chromium ({@code performance.now()} when the
 *       rows are drawn), and the frame interval while scrolling through all rows;</li>
 *   <li>a kymograph tile of the real 30,000 x 38 capillary, whole scan and a 1,200-line zoom.</li>
 * </ul>
 * Usage: {@code ViewerHarness WORK_FOLDER SHARED_DATA_FOLDER}.
 */
public final class ViewerHarness {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ViewerHarness() {
    }

    /**
     * @param args work folder, shared data folder
     * @throws Exception when a step fails
     */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path data = Path.of(args[1]);
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        List<BaseIndexer> plan = IndexPlan.resolve(catalog, catalog.loadedNames(), Map.of()).order();
        Path lab1000 = work.resolve("lab1000.zarr");
        if (!Files.exists(lab1000)) {
            long t = System.nanoTime();
            build(lab1000, 1000, 1000, 24, true, plan);
            System.out.printf("built 1,000 analysed images in %.0f s%n", (System.nanoTime() - t) / 1e9);
        }
        Path lab5000 = work.resolve("lab5000.zarr");
        if (!Files.exists(lab5000)) {
            build(lab5000, 5000, 64, 8, false, plan);
        }
        Path capillary = work.resolve("capillary.zarr");
        if (!Files.exists(capillary)) {
            Path in = Files.createDirectories(work.resolve("capillary-in"));
            for (String f : List.of("Capillary1_0001.tif", "Capillary1_0001.txt", "Capillary1_0001.json")) {
                Files.copy(data.resolve(f), in.resolve(f));
            }
            try (ZarrDataset ds = ZarrDataset.open(capillary, OpenMode.WRITE)) {
                org.kymflow.runtime.ingest.Ingest.ingest(ds, in);
            }
        }
        ChromeDriver browser = browser(work);
        try {
            for (Path lab : List.of(lab1000, lab5000)) {
                try (KymViewer viewer = KymViewer.start(lab, plan, "127.0.0.1", 0)) {
                    double first = millis(viewer.uri().resolve("/api/images"));
                    double[] times = new double[21];
                    for (int i = 0; i < times.length; i++) {
                        times[i] = millis(viewer.uri().resolve("/api/images"));
                    }
                    double[] ready = new double[5];
                    double[] frames = null;
                    for (int i = 0; i < ready.length; i++) {
                        browser.get(viewer.uri().toString());
                        ready[i] = ((Number) waitFor(browser, "return window.kymReadyMs")).doubleValue();
                        if (i == ready.length - 1) {
                            frames = scroll(browser);
                        }
                    }
                    System.out.printf("%s: /api/images first %.0f ms, unchanged dataset median %.0f ms (n=%d); page usable in Chromium median %.0f ms (n=%d);"
                                    + " scrolling all rows: median frame %.1f ms, p95 %.1f ms (n=%d)%n",
                            lab.getFileName(), first, median(times), times.length, median(ready), ready.length,
                            median(frames), percentile(frames, 95), frames.length);
                }
                // One image changed (its metadata file replaced, same content): the page checks only that image again.
                double[] oneChanged = new double[7];
                try (KymViewer viewer = KymViewer.start(lab, plan, "127.0.0.1", 0)) {
                    for (int i = 0; i < 10; i++) {
                        touchImage(lab, i);
                        millis(viewer.uri().resolve("/api/images")); // warm-up of this path
                    }
                    for (int i = 0; i < oneChanged.length; i++) {
                        touchImage(lab, 10 + i);
                        oneChanged[i] = millis(viewer.uri().resolve("/api/images"));
                    }
                }
                System.out.printf("%s: /api/images after one image changed median %.0f ms (n=%d)%n", lab.getFileName(),
                        median(oneChanged), oneChanged.length);
                // Uncached, after the JIT warmed up above: a new viewer each time, so every answer checks every image.
                double[] uncached = new double[7];
                for (int i = 0; i < uncached.length; i++) {
                    try (KymViewer fresh = KymViewer.start(lab, plan, "127.0.0.1", 0)) {
                        uncached[i] = millis(fresh.uri().resolve("/api/images"));
                    }
                }
                System.out.printf("%s: /api/images uncached (first answer of a viewer, warm JVM) median %.0f ms (n=%d)%n",
                        lab.getFileName(), median(uncached), uncached.length);
            }
        } finally {
            browser.quit();
        }
        try (KymViewer viewer = KymViewer.start(capillary, plan, "127.0.0.1", 0)) {
            String id;
            try (ZarrDataset ds = ZarrDataset.open(capillary, OpenMode.READ)) {
                id = ds.listImageIds().get(0);
            }
            for (String range : List.of("width=1200", "t0=10000&t1=11200&width=1200")) {
                URI tile = viewer.uri().resolve("/api/images/" + id + "/kymograph.png?" + range + "&lo=0&hi=4095");
                for (int i = 0; i < 10; i++) {
                    millis(tile); // warm-up: JIT and the chunk cache of the OS
                }
                double[] times = new double[31];
                for (int i = 0; i < times.length; i++) {
                    times[i] = millis(tile);
                }
                System.out.printf("capillary 30000 x 38 tile (%s): median %.1f ms (n=%d)%n", range, median(times), times.length);
            }
        }
    }

    private static void build(Path path, int images, int lines, int pixels, boolean analyse, List<BaseIndexer> plan) {
        Table.RowBuilder sources = Table.builder(Schema.of(Field.required(SourceFiles.PATH, ColumnType.STRING),
                Field.required(SourceFiles.IMAGE_ID, ColumnType.STRING)));
        try (ZarrDataset ds = ZarrDataset.open(path, OpenMode.WRITE)) {
            for (int i = 0; i < images; i++) {
                short[] px = SyntheticKymograph.draw(lines, pixels, 1.5 + (i % 7) * 0.5, 12, i);
                var rec = ds.addImage(NdArray.ofUint16(px, lines, pixels));
                Map<String, Object> header = new LinkedHashMap<>();
                header.put(org.kymflow.api.MetadataKeys.VOXELS, List.of(0.001, 0.3));
                header.put(org.kymflow.api.MetadataKeys.ACQUIRED_LOCAL_EPOCH_NS, 1_768_471_200_000_000_000L + i * 1_000_000_000L);
                rec.saveMetadataPayload(Map.of("header", header, "rois",
                        List.of(Rois.toEnvelope(new Roi(1, 1, 0, 1, pixels - 1, 0, lines))), "experiment_metadata", Map.of()));
                sources.addRow(String.format("/lab/raw/kymo%05d.tif", i), rec.imageId());
            }
            ds.saveTable(SourceFiles.TABLE, sources.build());
            if (analyse) {
                KymDataset kym = new KymDataset(ds);
                for (BaseIndexer indexer : plan) {
                    kym.updateIndex(indexer, IndexOptions.builder().parallelism(2).build());
                }
            }
            ds.updateManifest();
        }
    }

    /** Rewrites an image's metadata file with the same content: a change to its files, not to its results. */
    private static void touchImage(Path lab, int index) {
        try (ZarrDataset ds = ZarrDataset.open(lab, OpenMode.APPEND)) {
            var rec = ds.record(ds.listImageIds().get(index));
            rec.saveMetadataPayload(rec.loadMetadataPayload());
        }
    }

    private static ChromeDriver browser(Path work) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,900",
                "--user-data-dir=" + work.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Object waitFor(ChromeDriver browser, String script) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Object v = ((JavascriptExecutor) browser).executeScript(script);
            if (v != null) {
                return v;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the page never got ready: " + script);
    }

    /** Scrolls the rows from top to bottom in 120 animation frames and returns the frame intervals in ms. */
    private static double[] scroll(ChromeDriver browser) {
        @SuppressWarnings("unchecked")
        List<Number> deltas = (List<Number>) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const body = document.getElementById('table-body'); const steps = 120; const out = []; let i = 0; let last = performance.now();"
                        + "function step(now) { out.push(now - last); last = now; body.scrollTop = (body.scrollHeight - body.clientHeight) * (++i / steps);"
                        + "  if (i < steps) requestAnimationFrame(step); else done(out.slice(1)); }"
                        + "requestAnimationFrame(step);");
        return deltas.stream().mapToDouble(Number::doubleValue).toArray();
    }

    private static double millis(URI uri) throws Exception {
        long t = System.nanoTime();
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
        return (System.nanoTime() - t) / 1e6;
    }

    private static double median(double[] v) {
        return percentile(v, 50);
    }

    private static double percentile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(q / 100 * (s.length - 1)))];
    }
}
