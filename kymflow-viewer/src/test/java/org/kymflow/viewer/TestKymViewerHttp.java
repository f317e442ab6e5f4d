package org.kymflow.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.BaseIndexer;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.KymDataset;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;

/** The viewer over HTTP: the JSON API's shapes, the PNG tiles, read-only and traversal-proof routing. */
class TestKymViewerHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path tmp;
    static ViewerFixture lab;
    static KymViewer viewer;

    @BeforeAll
    static void serve() {
        lab = ViewerFixture.build(tmp, 4);
        viewer = KymViewer.start(lab.path, ViewerFixture.plan(), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        viewer.close();
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(viewer.uri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(String path, int status) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertEquals(status, r.statusCode(), path + ": " + new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
        return JSON.readTree(r.body());
    }

    /** Sends a request line exactly as written (no client normalising the path) and returns the whole response. */
    private static String raw(String method, String target) throws IOException {
        try (Socket s = new Socket(viewer.uri().getHost(), viewer.uri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void bindsToLoopbackAndServesBothPages() throws Exception {
        assertEquals("127.0.0.1", viewer.uri().getHost());
        for (String page : List.of("/", "/image?id=" + lab.ids.get(0), "/static/dataset.js", "/static/image.js", "/static/viewer.css",
                "/vendor/uPlot.iife.min.js", "/vendor/uPlot.min.css")) {
            HttpResponse<byte[]> r = get(page);
            assertEquals(200, r.statusCode(), page);
            assertTrue(r.body().length > 100, page);
        }
        assertTrue(new String(get("/").body(), StandardCharsets.UTF_8).contains("/static/dataset.js"));
    }

    @Test
    void theImageListHasOneRowPerImageWithNamesStatesAndSummary() throws Exception {
        JsonNode page = json("/api/images", 200);
        assertEquals("lab.zarr", page.get("dataset").asText());
        assertEquals(ViewerFixture.PLAN, JSON.convertValue(page.get("analyses"), List.class));
        JsonNode images = page.get("images");
        assertEquals(lab.ids.size(), images.size());
        for (JsonNode img : images) {
            String id = img.get("image_id").asText();
            int i = lab.ids.indexOf(id);
            assertTrue(i >= 0, id);
            assertEquals("vessel" + (i + 1) + "_0001.tif", img.get("file").asText());
            assertEquals(List.of(ViewerFixture.LINES, ViewerFixture.PIXELS), JSON.convertValue(img.get("shape"), List.class));
            assertEquals(i == 0 ? 2 : 1, img.get("rois").asInt());
            assertEquals("2026-01-15T10:0" + i, img.get("acquired").asText());
            boolean analysed = i < lab.ids.size() - 1;
            for (String a : ViewerFixture.PLAN) {
                assertEquals(analysed ? "fresh" : "missing", img.get("state").get(a).asText(), a + " of image " + i);
            }
            assertEquals(analysed ? (i == 0 ? 2 : 1) : 0, img.get("summary").size());
            if (analysed) {
                double median = img.get("summary").get(0).get("clean_median").asDouble();
                assertEquals(0.4 + 0.3 * i, median, 0.05, "median velocity of image " + i);
                assertEquals("mm/s", img.get("summary").get(0).get("units").asText());
            }
        }
    }

    @Test
    void anImageDescribesItselfAndItsTables() throws Exception {
        JsonNode img = json("/api/images/" + lab.ids.get(0), 200);
        assertEquals("vessel1_0001.tif", img.get("file").asText());
        assertTrue(img.get("previous").isNull(), "the first file has none before it");
        assertEquals(lab.ids.get(1), img.get("next").asText(), "vessel2 follows vessel1 in file order");
        assertEquals(lab.ids.get(0), json("/api/images/" + lab.ids.get(1), 200).get("previous").asText());
        assertEquals(ViewerFixture.LINES, img.get("lines").asInt());
        assertEquals(ViewerFixture.PIXELS, img.get("pixels").asInt());
        assertEquals(ViewerFixture.DELT, img.get("seconds_per_line").asDouble());
        assertEquals(2, img.get("rois").size());
        JsonNode contrast = img.get("contrast");
        assertTrue(contrast.get("min").asDouble() <= contrast.get("lo").asDouble());
        assertTrue(contrast.get("lo").asDouble() < contrast.get("hi").asDouble());
        assertTrue(contrast.get("hi").asDouble() <= contrast.get("max").asDouble());
        assertEquals(ViewerFixture.PLAN.size(), img.get("analyses").size());
        Set<String> tables = new java.util.HashSet<>();
        img.get("tables").forEach(t -> tables.add(t.get("name").asText()));
        assertTrue(tables.containsAll(Set.of("kym_radon", "kym_velocity_summary", "sources")), tables.toString());
    }

    @Test
    void tracesGiveOneTimeAxisPerRoiAndTheEvents() throws Exception {
        JsonNode t = json("/api/images/" + lab.ids.get(0) + "/traces", 200);
        JsonNode traces = t.get("traces");
        assertEquals(2, traces.size());
        for (JsonNode trace : traces) {
            JsonNode time = trace.get("time_s");
            assertEquals(time.size(), trace.get("velocity").size());
            assertTrue(time.size() > 100);
            for (int i = 1; i < time.size(); i++) {
                assertTrue(time.get(i).asDouble() > time.get(i - 1).asDouble(), "time increases");
            }
            assertTrue(time.get(time.size() - 1).asDouble() <= ViewerFixture.LINES * ViewerFixture.DELT);
            assertTrue(trace.get("events").isArray());
        }
        JsonNode missing = json("/api/images/" + lab.ids.get(lab.ids.size() - 1) + "/traces", 200);
        assertEquals(0, missing.get("traces").size());
        assertEquals("missing", missing.get("analyses").get(0).get("state").asText());
    }

    @Test
    void kymographTilesAreDownsampledAndZoomToSingleLines() throws Exception {
        String base = "/api/images/" + lab.ids.get(1) + "/kymograph.png";
        HttpResponse<byte[]> whole = get(base + "?width=500");
        assertEquals(200, whole.statusCode());
        assertEquals("image/png", whole.headers().firstValue("Content-Type").orElse(""));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(whole.body()));
        assertEquals(500, img.getWidth());
        assertEquals(ViewerFixture.PIXELS, img.getHeight());
        BufferedImage lines = ImageIO.read(new ByteArrayInputStream(get(base + "?t0=1000&t1=1007&width=800&lo=0&hi=4095").body()));
        assertEquals(7, lines.getWidth(), "a range narrower than the width gets one column per line");
        JsonNode bad = json(base + "?t0=10&t1=5", 400);
        assertTrue(bad.get("error").asText().contains("t0=10"));
        json(base + "?width=abc", 400);
        // zoom in space: only those pixels, in a colour map, linear or log
        BufferedImage band = ImageIO.read(new ByteArrayInputStream(get(base + "?width=500&s0=3&s1=9&cmap=viridis&scale=log").body()));
        assertEquals(6, band.getHeight(), "pixels 3 to 8");
        assertTrue(java.util.stream.IntStream.range(0, band.getWidth()).anyMatch(x -> (band.getRGB(x, 2) >> 16 & 0xff) != (band.getRGB(x, 2) & 0xff)),
                "viridis is not grey");
        assertEquals("pixels s0=4 to s1=" + (ViewerFixture.PIXELS + 1) + " are not a range within 0.." + ViewerFixture.PIXELS,
                json(base + "?s0=4&s1=" + (ViewerFixture.PIXELS + 1), 400).get("error").asText());
        assertEquals("no colour map 'jet'; choose one of gray, gray_r, viridis, inferno, magma, plasma",
                json(base + "?cmap=jet", 400).get("error").asText());
        assertEquals("scale must be linear or log, was sqrt", json(base + "?scale=sqrt", 400).get("error").asText());
    }

    @Test
    void csvDownloadHoldsOnlyThatImagesRows() throws Exception {
        HttpResponse<byte[]> r = get("/api/images/" + lab.ids.get(1) + "/tables/kym_radon.csv");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        String[] lines = new String(r.body(), StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].contains("image_id") && lines[0].contains("velocity_mm_s"), lines[0]);
        assertTrue(lines.length > 100);
        for (int i = 1; i < lines.length; i++) {
            assertTrue(lines[i].contains(lab.ids.get(1)), "row " + i + " is of another image");
        }
        json("/api/images/" + lab.ids.get(1) + "/tables/no_such_table.csv", 404);
    }

    @Test
    void writesGet405() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(viewer.uri().resolve("/api/images"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""), method);
            assertTrue(r.body().contains("read-only"), method);
        }
        HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(viewer.uri().resolve("/api/images"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
    }

    @Test
    void traversalAttemptsAre404WithoutAPath() throws Exception {
        String id = lab.ids.get(0);
        for (String target : List.of("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/../../../../etc/passwd",
                "/static/..%2F..%2Fpom.xml", "/api/images/..%2F..%2F..%2Fetc%2Fpasswd", "/api/images/%2E%2E/traces",
                "/api/images/" + id + "/tables/..%2F..%2F.zgroup.csv", "/api/images/" + id + "/tables/%2e%2e%2fsources.csv",
                "/vendor/..%2F..%2FMETA-INF%2FMANIFEST.MF", "/api/images/" + id + "%2F..%2F..%2F.zattrs")) {
            String response = raw("GET", target);
            assertTrue(response.startsWith("HTTP/1.1 404"), target + " -> " + response.lines().findFirst().orElse(""));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            JsonNode error = JSON.readTree(body);
            assertNotNull(error.get("error"), target);
            assertFalse(body.contains(tmp.toString()), target + " leaks the dataset's path: " + body);
            assertFalse(body.contains("root:"), target);
        }
    }

    @Test
    void anUnknownImageIsA404WithAJsonError() throws Exception {
        for (String path : List.of("/api/images/no-such-image", "/api/images/no-such-image/traces", "/api/images/no-such-image/kymograph.png")) {
            JsonNode error = json(path, 404);
            assertTrue(error.get("error").asText().startsWith("no image 'no-such-image'"), error.toString());
            assertTrue(error.get("error").asText().contains("e.g. vessel1_0001.tif"), "candidates by file name: " + error);
        }
        assertEquals("no such API path", json("/api/nothing", 404).get("error").asText());
    }

    @Test
    void anImageIsFoundByItsIdAPrefixOrItsFileName() throws Exception {
        String id = lab.ids.get(0);
        for (String name : List.of(id, id.substring(0, 8), "vessel1_0001", "vessel1_0001.tif")) {
            assertEquals(id, json("/api/images/" + name, 200).get("image_id").asText(), name);
            assertEquals(200, get("/api/images/" + name + "/traces").statusCode(), name);
        }
    }

    @Test
    void aReloadShowsWhatAConcurrentRunWrote(@TempDir Path own) throws Exception {
        ViewerFixture other = ViewerFixture.build(own, 2);
        String last = other.ids.get(1);
        try (KymViewer second = KymViewer.start(other.path, ViewerFixture.plan(), "127.0.0.1", 0)) {
            assertEquals("missing", stateOf(second, last).get("radon").asText());
            // A writer (as `kymflow index` in another process would) runs radon while the viewer serves.
            try (ZarrDataset ds = ZarrDataset.open(other.path, OpenMode.APPEND)) {
                BaseIndexer radon = ViewerFixture.plan().get(0);
                new KymDataset(ds).updateIndex(radon, IndexOptions.builder().images(Set.of(last)).build());
            }
            assertEquals("fresh", stateOf(second, last).get("radon").asText());
            assertEquals("missing", stateOf(second, last).get("velocity_events").asText());
            // the page is built again only after a change; the browser revalidates with the ETag
            HttpResponse<byte[]> page = HTTP.send(HttpRequest.newBuilder(second.uri().resolve("/api/images")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String etag = page.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> again = HTTP.send(HttpRequest.newBuilder(second.uri().resolve("/api/images"))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(304, again.statusCode());
            try (ZarrDataset ds = ZarrDataset.open(other.path, OpenMode.APPEND)) {
                BaseIndexer events = ViewerFixture.plan().get(1);
                new KymDataset(ds).updateIndex(events, IndexOptions.builder().images(Set.of(last)).build());
            }
            HttpResponse<byte[]> changed = HTTP.send(HttpRequest.newBuilder(second.uri().resolve("/api/images"))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, changed.statusCode());
            assertNotEquals(etag, changed.headers().firstValue("ETag").orElseThrow());
            assertEquals("fresh", stateOf(second, last).get("velocity_events").asText());
            // a changed ROI: only that image is checked again, and it says so; the other keeps its row
            String first = other.ids.get(0);
            try (ZarrDataset ds = ZarrDataset.open(other.path, OpenMode.APPEND)) {
                ds.record(first).saveMetadataPayload(java.util.Map.of("rois", List.of(org.kymflow.runtime.Rois.toEnvelope(
                        new org.kymflow.api.Roi(1, 1, 0, 3, 20, 0, ViewerFixture.LINES)))));
            }
            assertEquals("params_changed", stateOf(second, first).get("radon").asText());
            assertEquals("fresh", stateOf(second, last).get("radon").asText());
            try (ZarrDataset ds = ZarrDataset.open(other.path, OpenMode.APPEND)) {
                ds.deleteImage(first);
            }
            HttpResponse<byte[]> after = HTTP.send(HttpRequest.newBuilder(second.uri().resolve("/api/images")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(1, JSON.readTree(after.body()).get("images").size(), "a deleted image leaves the page");
            HttpResponse<byte[]> traces = HTTP.send(HttpRequest.newBuilder(second.uri().resolve("/api/images/" + last + "/traces"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertTrue(JSON.readTree(traces.body()).get("traces").size() > 0);
        }
    }

    private static JsonNode stateOf(KymViewer v, String id) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(v.uri().resolve("/api/images")).build(), HttpResponse.BodyHandlers.ofByteArray());
        for (JsonNode img : JSON.readTree(r.body()).get("images")) {
            if (img.get("image_id").asText().equals(id)) {
                return img.get("state");
            }
        }
        throw new AssertionError("no row for " + id);
    }
}
