package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.EventLabels;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import org.kymflow.viewer.KymViewer;

/**
 * Reviewing the real capillary's velocity events through the viewer's API: a label and a note on a detected
 * event, an event a person adds, the counts in {@code summary}, and labels that survive a recompute of the
 * events (matched again, or kept as orphaned, never dropped).
 */
class TestEventLabels {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    private static JsonNode send(String method, URI uri, String token, String body, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Kymflow-Token", token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), method + " " + uri + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static long all(Table t, String column, String value) {
        return java.util.stream.IntStream.range(0, t.rowCount()).filter(r -> value.equals(String.valueOf(t.get(column, r)))).count();
    }

    @Test
    void labelsReachTheSummaryAndSurviveARecompute() throws Exception {
        Path ds = tmp.resolve("cap.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, TestCli.capillaryFolder(TestCli.sharedData(), tmp.resolve("cap"))).code());
        assertEquals(0, TestCli.kymflow("index", ds, "velocity_summary").code());
        String id;
        try (DatasetReader reader = DatasetReader.open(ds)) {
            id = reader.imageIds().get(0);
        }
        try (KymViewer viewer = KymViewer.start(ds, IndexerCatalog.discover(List.of(), false), "127.0.0.1", 0, true)) {
            URI events = viewer.uri().resolve("/api/images/Capillary1_0001/events");
            JsonNode all = send("GET", events, null, null, 200);
            assertTrue(all.size() > 3, "the capillary has detected events: " + all.size());
            JsonNode first = all.get(0);
            assertEquals("unreviewed", first.get("user_type").asText());
            assertTrue(first.get("event_id").asText().matches("[A-Za-z0-9_-]+"));
            URI label = viewer.uri().resolve("/api/images/Capillary1_0001/events/" + first.get("roi_id").asInt() + "/"
                    + first.get("event_id").asText() + "/label");
            send("PUT", label, null, "{\"user_type\": \"true_stall\"}", 403);
            JsonNode labelled = send("PUT", label, viewer.token(), "{\"user_type\": \"true_stall\", \"note\": \"cell stuck\", \"accepted\": true}", 200);
            assertEquals("true_stall", labelled.get("user_type").asText());
            send("PUT", label, viewer.token(), "{\"user_type\": \"stall\"}", 400);
            JsonNode second = all.get(1);
            send("PUT", viewer.uri().resolve("/api/images/Capillary1_0001/events/" + second.get("roi_id").asInt() + "/"
                    + second.get("event_id").asText() + "/label"), viewer.token(), "{\"user_type\": \"other\", \"accepted\": false}", 200);
            JsonNode added = send("POST", events, viewer.token(), "{\"roi_id\": 2, \"t_start_s\": 12.5, \"t_end_s\": 12.9}", 200);
            assertEquals("user_added", added.get("event_type").asText());
            send("POST", events, viewer.token(), "{\"roi_id\": 9, \"t_start_s\": 1}", 400);
            send("DELETE", viewer.uri().resolve("/api/images/Capillary1_0001/events/1/" + first.get("event_id").asText()), viewer.token(), null, 400);
            JsonNode extra = send("POST", events, viewer.token(), "{\"roi_id\": 1, \"t_start_s\": 3.0}", 200);
            send("DELETE", viewer.uri().resolve("/api/images/Capillary1_0001/events/1/" + extra.get("event_id").asText()), viewer.token(), null, 200);
            assertEquals(all.size() + 1, send("GET", events, null, null, 200).size(), "the detected events and the one added");
        }

        Table summary = TableCsv.read(new StringReader(TestCli.kymflow("summary", ds).out()));
        int roi = -1;
        for (int r = 0; r < summary.rowCount(); r++) {
            if (((Number) summary.get("events_true_stall", r)).intValue() == 1) {
                roi = r;
            }
        }
        assertTrue(roi >= 0, "a ROI with its true stall in the summary");
        int addedRow = -1;
        for (int r = 0; r < summary.rowCount(); r++) {
            if (((Number) summary.get("roi_id", r)).intValue() == 2) {
                addedRow = r;
            }
        }
        assertEquals(1, ((Number) summary.get("events_user_added", addedRow)).intValue());

        // export carries the labels in the event rows, in the Python app's column names
        Path exported = tmp.resolve("export");
        assertEquals(0, TestCli.kymflow("export", ds, exported).code());
        Table reviewed = TableCsv.read(java.nio.file.Files.newBufferedReader(exported.resolve("tables/velocity_events_reviewed.csv")));
        assertEquals(1, all(reviewed, "user_type", "true_stall"));
        int stall = java.util.stream.IntStream.range(0, reviewed.rowCount()).filter(r -> "true_stall".equals(reviewed.get("user_type", r)))
                .findFirst().orElseThrow();
        assertEquals("cell stuck", reviewed.get("note", stall));
        assertEquals(Boolean.TRUE, reviewed.get("accepted", stall));
        assertEquals(1, all(reviewed, "event_type", "user_added"));

        // recomputed with the same params: the same events, the labels on them again
        assertEquals(0, TestCli.kymflow("index", ds, "velocity_events", "--mode", "replace").code());
        try (DatasetReader reader = DatasetReader.open(ds)) {
            List<EventLabels.Event> after = reader.events(id);
            assertEquals(1, after.stream().filter(e -> "true_stall".equals(e.userType()) && !e.orphaned() && "cell stuck".equals(e.note())).count());
        }
        // recomputed from a different radon: events move or go; every label is still there, matched or orphaned
        assertEquals(0, TestCli.kymflow("params", ds, "radon.window_size=32").code());
        assertEquals(0, TestCli.kymflow("index", ds, "velocity_events").code());
        try (DatasetReader reader = DatasetReader.open(ds)) {
            List<EventLabels.Event> after = reader.events(id);
            assertEquals(1, after.stream().filter(e -> "true_stall".equals(e.userType())).count(), "never dropped");
            assertEquals(1, after.stream().filter(e -> "other".equals(e.userType()) && Boolean.FALSE.equals(e.accepted())).count());
            assertEquals(1, after.stream().filter(EventLabels.Event::userAdded).count());
            assertTrue(reader.editLog().stream().anyMatch(e -> "event_label".equals(e.get("what"))));
        }
    }
}
