package org.kymflow.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.IndexerCatalog;

/**
 * {@code kymflow view --edit} over HTTP, as a script or a hostile page would call it: changes need the token
 * and no foreign Origin, and a refused change leaves every file of the dataset as it was; good changes go
 * through the library (checked, logged, stale), and a dataset another process writes refuses them cleanly.
 */
class TestViewerEditing {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ROI = "{\"roi_id\": %d, \"roi_type\": \"rect\", \"channel\": 1, \"kind\": \"%s\", "
            + "\"data\": {\"x0\": %d, \"x1\": %d, \"y0\": 0, \"y1\": 3000}}";

    @TempDir
    Path tmp;

    private static HttpResponse<String> send(String method, URI uri, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Every file of the dataset and its SHA-256: what a refused change must leave alone. Not the lock file,
     * whose one line says which process last took the lock (lock state, not data).
     */
    private static Map<String, String> files(Path dataset) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dataset)) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".kymflow.lock")).toList()) {
                try {
                    out.put(dataset.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    @Test
    void changesNeedTheTokenAndTheServersOwnOriginAndRefusalsChangeNothing() throws Exception {
        ViewerFixture f = ViewerFixture.build(tmp, 2);
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        try (KymViewer viewer = KymViewer.start(f.path, catalog, "127.0.0.1", 0, true)) {
            String token = viewer.token();
            assertTrue(token.matches("[A-Za-z0-9_-]{32}"), "URL-safe, 192 bits: " + token);
            URI rois = viewer.uri().resolve("/api/images/" + f.ids.get(0) + "/rois");
            String body = "[" + String.format(ROI, 1, "velocity", 2, 16) + ", " + String.format(ROI, 3, "diameter", 4, 20) + "]";
            String origin = "http://127.0.0.1:" + viewer.uri().getPort();
            Map<String, String> before = files(f.path);
            List<Map<String, String>> refused = List.of(Map.of(), Map.of(EditApi.TOKEN_HEADER, "wrong" + token.substring(5)),
                    Map.of(EditApi.TOKEN_HEADER, token, "Origin", "http://evil.example"),
                    Map.of(EditApi.TOKEN_HEADER, token, "Origin", "http://127.0.0.1:1"));
            for (Map<String, String> headers : refused) {
                for (String method : List.of("PUT", "POST", "DELETE")) {
                    HttpResponse<String> r = send(method, rois, body, headers);
                    assertEquals(403, r.statusCode(), method + " " + headers.keySet() + ": " + r.body());
                    assertTrue(JSON.readTree(r.body()).get("error").asText().length() > 0);
                }
                assertEquals(403, send("PUT", viewer.uri().resolve("/api/params/radon"), "{\"window_size\": 32}", headers).statusCode());
            }
            assertEquals(before, files(f.path), "no refused change touched a file");

            HttpResponse<String> ok = send("PUT", rois, body, Map.of(EditApi.TOKEN_HEADER, token, "Origin", origin));
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode listed = JSON.readTree(send("GET", rois, null, Map.of()).body());
            assertEquals(2, listed.size());
            assertEquals("diameter", listed.get(1).get("kind").asText());
            try (DatasetReader ds = DatasetReader.open(f.path)) {
                assertEquals("rois", ds.editLog().get(0).get("what"));
                assertTrue(ds.staleness().staleness(ViewerFixture.plan(), java.util.Set.of(f.ids.get(0))).get("radon").get(0).reason()
                        .name().startsWith("STALE"), "a ROI edit makes the image's analyses stale");
            }

            Map<String, String> script = Map.of(EditApi.TOKEN_HEADER, token); // no Origin: judged by the token alone
            assertEquals(200, send("PUT", viewer.uri().resolve("/api/params/radon"), "{\"window_size\": 32}", script).statusCode());
            JsonNode params = JSON.readTree(send("GET", viewer.uri().resolve("/api/params"), null, Map.of()).body());
            assertEquals(32, params.get("radon").get("window_size").get("value").asInt());
            assertEquals(200, send("PUT", viewer.uri().resolve("/api/params/radon"), "{}", script).statusCode());
            assertEquals(16, JSON.readTree(send("GET", viewer.uri().resolve("/api/params"), null, Map.of()).body())
                    .get("radon").get("window_size").get("value").asInt(), "{} restores the defaults");

            Map<String, String> after = files(f.path);
            for (String[] bad : new String[][] {{"[{\"roi_id\": 1, \"roi_type\": \"rect\", \"data\": {\"x0\": 0, \"x1\": 99, \"y0\": 0, \"y1\": 10}}]", "400"},
                    {"[1,", "400"}, {"{\"rois\": []}", "400"}}) {
                HttpResponse<String> r = send("PUT", rois, bad[0], script);
                assertEquals(Integer.parseInt(bad[1]), r.statusCode(), bad[0] + ": " + r.body());
                assertEquals(1, r.body().strip().lines().count());
            }
            assertEquals(404, send("PUT", viewer.uri().resolve("/api/images/nosuch/rois"), "[]", script).statusCode());
            assertEquals(400, send("PUT", viewer.uri().resolve("/api/params/radon"), "{\"window_size\": 30}", script).statusCode());
            assertEquals(400, send("PUT", viewer.uri().resolve("/api/params/radon"), "{\"window_size\": 32.5}", script).statusCode(),
                    "a fraction for a whole-number param is refused, not cut");
            assertEquals(413, send("PUT", rois, "[" + " ".repeat(EditApi.MAX_BODY) + "]", script).statusCode());
            assertEquals(after, files(f.path), "refused edits leave the dataset as it was");

            try (DatasetWriter other = DatasetWriter.open(f.path)) { // a CLI run holds the lock
                HttpResponse<String> locked = send("PUT", rois, "[]", script);
                assertEquals(409, locked.statusCode(), locked.body());
                assertTrue(locked.body().contains("another process"), locked.body());
                assertTrue(!locked.body().contains(f.path.toString()), "no path of this machine in a response");
            }
            assertEquals(after, files(f.path), "nothing was written on either side");
        }
    }

    @Test
    void theReadOnlyViewerRefusesChangesAndEditingServesThisMachineOnly() throws Exception {
        ViewerFixture f = ViewerFixture.build(tmp, 1);
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        try (KymViewer viewer = KymViewer.start(f.path, catalog, "127.0.0.1", 0, false)) {
            assertNull(viewer.token());
            assertEquals(405, send("PUT", viewer.uri().resolve("/api/images/" + f.ids.get(0) + "/rois"), "[]", Map.of()).statusCode());
            assertEquals(200, send("GET", viewer.uri().resolve("/api/images/" + f.ids.get(0) + "/rois"), null, Map.of()).statusCode());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KymViewer.start(f.path, catalog, "0.0.0.0", 0, true));
        assertTrue(e.getMessage().contains("this machine only"), e.getMessage());
    }

    private static JsonNode waitFor(URI run) throws Exception {
        long until = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < until) {
            JsonNode state = JSON.readTree(send("GET", run, null, Map.of()).body());
            if (!state.get("state").asText().equals("running")) {
                return state;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run did not end in 2 minutes");
    }

    @Test
    void experimentMetadataIsEditedThroughTheLibraryAndLeavesAnalysesFresh() throws Exception {
        ViewerFixture f = ViewerFixture.build(tmp, 2);
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        try (KymViewer viewer = KymViewer.start(f.path, catalog, "127.0.0.1", 0, true)) {
            URI experiment = viewer.uri().resolve("/api/images/" + f.ids.get(0) + "/experiment");
            String body = "{\"genotype\": \"KO\", \"animal\": 7, \"awake\": false, \"note\": null}";
            Map<String, String> before = files(f.path);
            assertEquals(403, send("PUT", experiment, body, Map.of()).statusCode());
            assertEquals(before, files(f.path), "refused without the token");

            Map<String, String> script = Map.of(EditApi.TOKEN_HEADER, viewer.token());
            HttpResponse<String> ok = send("PUT", experiment, body, script);
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode page = JSON.readTree(send("GET", viewer.uri().resolve("/api/images/" + f.ids.get(0)), null, Map.of()).body());
            assertEquals(JSON.readTree(body), page.get("experiment"), "the image page shows what was saved, types kept");
            try (DatasetReader ds = DatasetReader.open(f.path)) {
                assertEquals("experiment_metadata", ds.editLog().get(0).get("what"));
                assertEquals(f.ids.get(0), ds.editLog().get(0).get("image_id"));
                ds.staleness().staleness(ViewerFixture.plan(), java.util.Set.of(f.ids.get(0))).forEach((analysis, states) ->
                        assertTrue(states.get(0).reason().name().startsWith("FRESH"), analysis + ": analyses do not read the metadata, "
                                + states.get(0).reason()));
            }
            // edits that arrive together (a page saving two fields at once) take turns: all are made, none refused
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> together = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                HttpRequest.Builder b = HttpRequest.newBuilder(experiment).PUT(HttpRequest.BodyPublishers.ofString("{\"animal\": " + i + "}"));
                script.forEach(b::header);
                together.add(HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (var r : together) {
                assertEquals(200, r.get().statusCode(), r.get().body());
            }
            try (DatasetReader ds = DatasetReader.open(f.path)) {
                assertEquals(7, ds.editLog().size(), "the first edit and the six together");
            }
            Map<String, String> after = files(f.path);
            HttpResponse<String> nested = send("PUT", experiment, "{\"notes\": [\"a\"]}", script);
            assertEquals(400, nested.statusCode());
            assertTrue(JSON.readTree(nested.body()).get("error").asText().contains("experiment field 'notes' must be text, a number"),
                    nested.body());
            assertEquals(400, send("PUT", experiment, "[1]", script).statusCode());
            assertEquals(404, send("PUT", viewer.uri().resolve("/api/images/nosuch/experiment"), "{}", script).statusCode());
            assertEquals(after, files(f.path), "refused edits leave the dataset as it was");
        }
    }

    @Test
    void runsStartInTheServerReportProgressAndCanBeCancelled() throws Exception {
        ViewerFixture f = ViewerFixture.build(tmp, 3);
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        try (KymViewer viewer = KymViewer.start(f.path, catalog, "127.0.0.1", 0, true)) {
            Map<String, String> script = Map.of(EditApi.TOKEN_HEADER, viewer.token());
            URI runs = viewer.uri().resolve("/api/runs");
            String last = f.ids.get(2); // the fixture leaves it unanalysed
            assertEquals(403, send("POST", runs, "{}", Map.of()).statusCode(), "a run changes the dataset: it needs the token");
            HttpResponse<String> started = send("POST", runs, "{\"analyses\": [\"velocity_summary\"], \"images\": [\"" + last + "\"]}", script);
            assertEquals(200, started.statusCode(), started.body());
            URI run = viewer.uri().resolve("/api/runs/" + JSON.readTree(started.body()).get("run").asText());
            JsonNode done = waitFor(run);
            assertEquals("done", done.get("state").asText(), done.toString());
            assertEquals(3, done.get("report").size(), "velocity_summary and its inputs, inputs first");
            assertEquals("radon", done.get("report").get(0).get("indexer").asText());
            assertEquals(done.get("total").asInt(), done.get("done").asInt());
            try (DatasetReader ds = DatasetReader.open(f.path)) {
                assertTrue(ds.staleness().staleness(ViewerFixture.plan(), java.util.Set.of(last)).values().stream()
                        .allMatch(l -> l.get(0).isFresh()), "the image is up to date after the run");
            }
            assertEquals(400, send("POST", runs, "{\"analyses\": [\"nosuch\"]}", script).statusCode());
            assertEquals(404, send("GET", viewer.uri().resolve("/api/runs/999"), null, Map.of()).statusCode());

            // a run of everything, cancelled at once: it stops between images and says so; a second run meanwhile waits its turn
            assertEquals(200, send("PUT", viewer.uri().resolve("/api/params/radon"), "{\"window_size\": 32}", script).statusCode());
            HttpResponse<String> big = send("POST", runs, "{}", script);
            URI bigRun = viewer.uri().resolve("/api/runs/" + JSON.readTree(big.body()).get("run").asText());
            HttpResponse<String> second = send("POST", runs, "{}", script);
            assertEquals(409, second.statusCode(), second.body());
            assertEquals(200, send("DELETE", bigRun, null, script).statusCode());
            JsonNode cancelled = waitFor(bigRun);
            assertTrue(List.of("cancelled", "done").contains(cancelled.get("state").asText()), cancelled.toString());
            assertTrue(cancelled.get("done").asInt() <= cancelled.get("total").asInt());
        }
    }
}
