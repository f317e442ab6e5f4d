package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kymflow roi} edits the real capillary's ROIs the way a script would, and {@code images --json} lists them. */
class TestRoiCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void addSetAndDeleteReachTheDatasetAndMakeItsAnalysesStale() throws Exception {
        Path ds = tmp.resolve("cap.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, TestCli.capillaryFolder(TestCli.sharedData(), tmp.resolve("cap"))).code());
        assertEquals(0, TestCli.kymflow("index", ds, "radon").code());
        JsonNode listed = JSON.readTree(TestCli.kymflow("images", ds, "--json").out()).get(0).get("rois");
        assertEquals(3, listed.size(), "images --json lists the sidecar's ROIs");
        assertEquals("rect", listed.get(0).get("roi_type").asText());
        assertEquals(JSON.readTree(TestCli.kymflow("roi", ds, "Capillary1_0001", "--json").out()), listed);

        TestCli.Run added = TestCli.kymflow("roi", ds, "Capillary1_0001", "add", "2", "30", "0", "5000", "--kind", "diameter");
        assertEquals(0, added.code(), added.err());
        assertTrue(added.out().contains("4    diameter  channel 1  x 2..30  y 0..5000"), added.out());
        JsonNode four = JSON.readTree(TestCli.kymflow("images", ds, "--json").out()).get(0).get("rois").get(3);
        assertEquals(4, four.get("roi_id").asInt());
        assertEquals("diameter", four.get("kind").asText());
        assertEquals(30, four.get("data").get("x1").asInt());

        assertEquals(0, TestCli.kymflow("roi", ds, "Capillary1_0001", "set", "4", "3", "31", "10", "5000").code());
        JsonNode moved = JSON.readTree(TestCli.kymflow("roi", ds, "Capillary1_0001", "--json").out()).get(3);
        assertEquals(3, moved.get("data").get("x0").asInt());
        assertEquals("diameter", moved.get("kind").asText(), "set keeps what it was not told to change");

        assertTrue(TestCli.kymflow("status", ds).out().contains("stale"), "a ROI edit makes radon stale");
        assertEquals(0, TestCli.kymflow("roi", ds, "Capillary1_0001", "delete", "4").code());
        assertEquals(3, JSON.readTree(TestCli.kymflow("roi", ds, "Capillary1_0001", "--json").out()).size());
        assertTrue(TestCli.kymflow("log", ds).out().contains("rois"), "each edit is logged");
    }

    @Test
    void badEditsAreRefusedInOneLineAndChangeNothing() throws Exception {
        Path ds = tmp.resolve("cap.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, TestCli.capillaryFolder(TestCli.sharedData(), tmp.resolve("cap"))).code());
        String before = TestCli.kymflow("roi", ds, "Capillary1_0001", "--json").out();
        Object[][] bad = {
                {"add", "2", "300", "0", "10"},          // wider than the 38-pixel line
                {"add", "5", "5", "0", "10"},            // empty
                {"add", "1", "2", "3"},                  // too few numbers
                {"set", "9", "1", "2", "0", "10"},       // no ROI 9
                {"delete", "x"},
                {"rename", "1"},
                {"add", "1", "2", "0", "10", "--kind", "speed"},
        };
        for (Object[] edit : bad) {
            Object[] args = new Object[edit.length + 3];
            args[0] = "roi";
            args[1] = ds;
            args[2] = "Capillary1_0001";
            System.arraycopy(edit, 0, args, 3, edit.length);
            TestCli.Run run = TestCli.kymflow(args);
            assertTrue(run.code() != 0, String.join(" ", java.util.Arrays.stream(edit).map(String::valueOf).toList()) + " was refused");
            String first = run.err().lines().findFirst().orElse("");
            assertTrue(!first.isBlank() && !run.err().contains("Exception") && !run.err().contains("\tat "), run.err());
        }
        assertEquals(before, TestCli.kymflow("roi", ds, "Capillary1_0001", "--json").out());
        assertTrue(TestCli.kymflow("roi", ds, "nosuch", "delete", "1").err().contains("nosuch"));
    }

    @Test
    void editingIsServedOnThisMachineOnly() throws Exception {
        Path ds = tmp.resolve("cap.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, TestCli.capillaryFolder(TestCli.sharedData(), tmp.resolve("cap"))).code());
        TestCli.Run refused = TestCli.kymflow("view", ds, "--edit", "--host", "0.0.0.0", "--port", "0");
        assertTrue(refused.code() != 0 && refused.err().contains("--edit serves this machine only"), refused.err());
    }
}
