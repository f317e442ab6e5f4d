package org.kymflow.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that never finish a request, names no file can have, and broken files do not take the viewer down. */
class TestViewerUnderHostileClients {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    Path tmp;

    private static HttpResponse<String> get(KymViewer viewer, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(viewer.uri().resolve(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a connection and sends a request line and one header, never the blank line that ends the request. */
    private static Socket halfOpen(KymViewer viewer) throws Exception {
        Socket s = new Socket(viewer.uri().getHost(), viewer.uri().getPort());
        OutputStream out = s.getOutputStream();
        out.write("GET /api/images HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    @Test
    void halfOpenConnectionsNeitherLockOthersOutNorStayOpen() throws Exception {
        ViewerFixture lab = ViewerFixture.build(tmp, 2);
        try (KymViewer viewer = KymViewer.start(lab.path, ViewerFixture.plan(), "127.0.0.1", 0)) {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) { // twice the pool the viewer had, which four such clients filled
                    stalled.add(halfOpen(viewer));
                }
                long t0 = System.nanoTime();
                assertEquals(200, get(viewer, "/api/images").statusCode());
                assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "served while eight clients stall");
                Socket first = stalled.get(0);
                first.setSoTimeout((KymViewer.REQUEST_SECONDS + 10) * 1000);
                long t1 = System.nanoTime();
                InputStream in = first.getInputStream();
                int read = in.read(); // the server closes the stalled connection: end of stream
                assertEquals(-1, read);
                double waited = (System.nanoTime() - t1) / 1e9;
                assertTrue(waited <= KymViewer.REQUEST_SECONDS + 5, "closed after about " + KymViewer.REQUEST_SECONDS + " s: " + waited);
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    @Test
    void errorsNameNoAbsolutePathNoExceptionTypeAndOneBadFileSparesThePage() throws Exception {
        ViewerFixture lab = ViewerFixture.build(tmp, 3);
        String broken = lab.ids.get(1);
        Files.writeString(lab.path.resolve("images/" + broken + "/data/.zarray"), "{bad");
        Files.write(lab.path.resolve("tables/kym_velocity_summary.parquet"), new byte[] {1, 2, 3});
        try (KymViewer viewer = KymViewer.start(lab.path, ViewerFixture.plan(), "127.0.0.1", 0)) {
            HttpResponse<String> page = get(viewer, "/api/images");
            assertEquals(200, page.statusCode(), page.body());
            JsonNode rows = new ObjectMapper().readTree(page.body()).get("images");
            assertEquals(3, rows.size());
            assertFalse(page.body().contains(tmp.toString()), "no absolute path in the page: " + page.body());
            int errors = 0;
            for (JsonNode row : rows) {
                errors += row.has("error") ? 1 : 0;
            }
            assertEquals(1, errors, page.body());
            for (String path : List.of("/api/images/" + broken, "/api/images/%00", "/api/images/%00/traces", "/api/images/.."
                    + "%2F..%2Fetc")) {
                HttpResponse<String> r = get(viewer, path);
                assertTrue(r.statusCode() == 404 || r.statusCode() == 500 || r.statusCode() == 400, path + " " + r.statusCode());
                assertFalse(r.body().contains(tmp.toString()) || r.body().contains("Exception"), path + ": " + r.body());
            }
        }
    }
}
