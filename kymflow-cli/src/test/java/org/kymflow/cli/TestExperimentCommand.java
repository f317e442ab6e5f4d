package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kymflow experiment} edits an image's experiment metadata as a script would: typed values, removal,
 * one-line refusals, logged, kept over a re-ingest of an unchanged sidecar, analyses left fresh.
 */
class TestExperimentCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = "synthetic1_+0.5mms";

    @TempDir
    Path tmp;

    @Test
    void fieldsAreSetTypedRemovedAndKeptOverAReIngest() throws Exception {
        assertEquals(0, TestCli.kymflow("demo", "--dir", tmp.resolve("demo")).code());
        Path ds = tmp.resolve("demo/demo.zarr");
        TestCli.Run shown = TestCli.kymflow("experiment", ds, IMAGE);
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.out().contains("synthetic  true"), shown.out());

        TestCli.Run set = TestCli.kymflow("experiment", ds, IMAGE, "genotype=KO", "animal=7", "weight_g=21.5", "awake=false", "cage=007");
        assertEquals(0, set.code(), set.err());
        JsonNode fields = JSON.readTree(TestCli.kymflow("experiment", ds, IMAGE, "--json").out());
        assertEquals("KO", fields.get("genotype").textValue());
        assertEquals(7, fields.get("animal").intValue());
        assertTrue(fields.get("animal").isIntegralNumber());
        assertEquals(21.5, fields.get("weight_g").doubleValue());
        assertFalse(fields.get("awake").booleanValue());
        assertTrue(fields.get("awake").isBoolean());
        assertEquals("007", fields.get("cage").textValue(), "not a JSON number: text, leading zeros kept");
        assertTrue(fields.get("synthetic").booleanValue(), "the sidecar's fields stay");
        String status = TestCli.kymflow("status", ds).out();
        assertFalse(status.contains("STALE_"), "no analysis reads the metadata: " + status);
        assertTrue(TestCli.kymflow("log", ds).out().contains("experiment_metadata"), "logged");

        assertEquals(0, TestCli.kymflow("ingest", ds, tmp.resolve("demo/source")).code());
        assertEquals("KO", JSON.readTree(TestCli.kymflow("experiment", ds, IMAGE, "--json").out()).get("genotype").textValue(),
                "an unchanged sidecar does not overwrite the edit");

        assertEquals(0, TestCli.kymflow("experiment", ds, IMAGE, "--unset", "genotype").code());
        assertFalse(JSON.readTree(TestCli.kymflow("experiment", ds, IMAGE, "--json").out()).has("genotype"));
        String before = TestCli.kymflow("experiment", ds, IMAGE, "--json").out();
        TestCli.Run missing = TestCli.kymflow("experiment", ds, IMAGE, "--unset", "nosuch");
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().contains("has no experiment field 'nosuch'"), missing.err());
        assertEquals(2, TestCli.kymflow("experiment", ds, IMAGE, "genotype").code(), "KEY=VALUE expected");
        assertEquals(before, TestCli.kymflow("experiment", ds, IMAGE, "--json").out(), "refusals change nothing");
    }
}
