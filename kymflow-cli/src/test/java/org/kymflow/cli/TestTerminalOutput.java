package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person reads at a terminal: 80 columns of plain ASCII, the column they look for first. */
class TestTerminalOutput {
    @TempDir
    Path tmp;

    @Test
    void everyListingFitsEightyColumnsOfPlainAsciiAlsoWhenPiped() throws Exception {
        assertEquals(0, TestCli.kymflow("demo", "--dir", tmp.resolve("demo")).code());
        Path ds = tmp.resolve("demo/demo.zarr");
        List<List<Object>> commands = List.of(List.of("images", ds), List.of("log", ds), List.of("tables", ds),
                List.of("show", ds, "kym_radon"), List.of("show", ds, "kym_velocity_events"), List.of("show", ds, "kym_velocity_summary"),
                List.of("indexers"), List.of("params", ds), List.of("status", ds), List.of("info", ds), List.of("tables", ds, "--wide"));
        for (List<Object> command : commands) {
            TestCli.Run run = TestCli.kymflow(command.toArray());
            assertEquals(0, run.code(), command + ": " + run.err());
            for (String line : run.out().lines().toList()) {
                assertTrue(line.length() <= TerminalTable.WIDTH, command + " printed " + line.length() + " columns: " + line);
                assertTrue(line.chars().allMatch(ch -> ch >= 32 && ch < 127), command + " printed non-ASCII: " + line);
            }
        }
        String radon = TestCli.kymflow("show", ds, "kym_radon").out();
        assertTrue(radon.lines().findFirst().orElse("").contains("velocity_mm_s"), "the velocity is on the first screen: " + radon);
        String events = TestCli.kymflow("show", ds, "kym_velocity_events").out();
        assertTrue(events.lines().findFirst().orElse("").contains("event_type"), events);
        TestCli.Run log = TestCli.kymflow("log", ds, "--limit", "1");
        assertEquals(1 + 1, log.out().lines().filter(l -> !l.startsWith("...")).count(), "a header and one run: " + log.out());
        assertTrue(TestCli.kymflow("indexers").out().contains("params: baseline_drop.abs_score_floor=0.25, baseline_drop.mad_k=3.0"),
                "params in a stable, sorted order");
    }
}
