package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kymflow.api.Provenance;
import org.kymflow.zarr.ImageRows;

/** Each staleness rule asked alone, and their order. */
class TestStalenessRules {
    private static final String HASH = "h".repeat(64);
    private static final String VERSION = "radon-1";
    private static final String PIXELS = "p".repeat(64);

    private static RunMarker ok(String hash, String version, long rows, String pixels, Map<String, String> inputs) {
        return new RunMarker("radon", hash, version, rows, 1L, RunMarker.OK, "run-1", pixels, null, null, inputs);
    }

    private static ImageRows rows(long count, String version, String hash) {
        return new ImageRows("img", count, Map.of(Provenance.ANALYSIS_VERSION, version, Provenance.PARAMS_HASH, hash));
    }

    /** Fresh: 5 rows of the current run, a marker that agrees. */
    private static StalenessRule.Evidence fresh() {
        return new StalenessRule.Evidence("radon", false, rows(5, VERSION, HASH), Optional.of(ok(HASH, VERSION, 5, PIXELS, Map.of())),
                HASH, VERSION, PIXELS, Map.of());
    }

    private static StalenessRule.Evidence with(ImageRows rows, Optional<RunMarker> marker) {
        StalenessRule.Evidence f = fresh();
        return new StalenessRule.Evidence(f.indexer(), f.readsInputs(), rows, marker, f.hash(), f.version(), f.fingerprint(), f.inputStamps());
    }

    @Test
    void everyRuleIsSilentOnFreshResultsExceptTheLast() {
        for (StalenessRule rule : StalenessRule.values()) {
            String facts = rule.facts(fresh());
            if (rule == StalenessRule.UP_TO_DATE) {
                assertEquals("5 rows with the current params and version", facts);
            } else {
                assertNull(facts, rule.name());
            }
        }
        assertEquals(StalenessReason.FRESH_ROWS, StalenessRule.judge("img", fresh()).reason());
    }

    @Test
    void eachRuleAppliesToItsOwnCase() {
        RunMarker failed = new RunMarker("radon", null, VERSION, 0, 1L, RunMarker.ERROR, "run-2", PIXELS, HASH, "boom", Map.of());
        assertEquals("the last attempt failed: boom", StalenessRule.FAILED_ATTEMPT.facts(with(null, Optional.of(failed))));
        assertEquals("no rows and no marker", StalenessRule.NOTHING_STORED.facts(with(null, Optional.empty())));
        assertEquals("made by radon-0, now radon-1",
                StalenessRule.VERSION_CHANGED.facts(with(rows(5, "radon-0", HASH), Optional.of(ok(HASH, "radon-0", 5, PIXELS, Map.of())))));
        assertEquals("params hash " + "g".repeat(12) + " stored, " + "h".repeat(12) + " now (the hash covers the params, the ROIs"
                + " and the header's values the analysis reads)",
                StalenessRule.PARAMS_CHANGED.facts(with(rows(5, VERSION, "g".repeat(64)), Optional.empty())));
        assertNotNull(StalenessRule.MARKER_FOR_OTHER_RUN.facts(with(null, Optional.of(ok("x", VERSION, 0, PIXELS, Map.of())))));
        assertEquals("pixels " + "q".repeat(12) + " then, " + "p".repeat(12) + " now",
                StalenessRule.PIXELS_CHANGED.facts(with(rows(5, VERSION, HASH), Optional.of(ok(HASH, VERSION, 5, "q".repeat(64), Map.of())))));
        assertTrue(StalenessRule.ROWS_WITHOUT_MARKER.facts(with(rows(5, VERSION, HASH), Optional.empty()))
                .contains("5 rows in the table but no valid run marker analysis/radon_run.json"));
        StalenessRule.Evidence inputs = new StalenessRule.Evidence("velocity_events", true, rows(2, VERSION, HASH),
                Optional.of(ok(HASH, VERSION, 2, PIXELS, Map.of("radon", "run-1"))), HASH, VERSION, PIXELS, Map.of("radon", "run-9"));
        assertEquals("inputs {radon=run-1} then, {radon=run-9} now", StalenessRule.INPUTS_CHANGED.facts(inputs));
        assertEquals("marker says 4 rows (ok), the table holds 5",
                StalenessRule.MARKER_DISAGREES.facts(with(rows(5, VERSION, HASH), Optional.of(ok(HASH, VERSION, 4, PIXELS, Map.of())))));
        assertNotNull(StalenessRule.FOUND_NOTHING.facts(with(null, Optional.of(ok(HASH, VERSION, 0, PIXELS, Map.of())))));
    }

    @Test
    void theFirstRuleThatAppliesWins() {
        // other params and other pixels: the params are reported, as they come first
        StalenessRule.Evidence both = with(rows(5, VERSION, "g".repeat(64)), Optional.of(ok("g".repeat(64), VERSION, 5, "q".repeat(64), Map.of())));
        assertEquals(StalenessReason.STALE_PARAMS_CHANGED, StalenessRule.judge("img", both).reason());
        // a marker of an empty run with the current params: fresh with zero rows, and the hash and version reported
        ImageStaleness empty = StalenessRule.judge("img", with(null, Optional.of(ok(HASH, VERSION, 0, PIXELS, Map.of()))));
        assertEquals(StalenessReason.FRESH_ZERO_ROWS, empty.reason());
        assertEquals(HASH, empty.paramsHash());
        assertEquals(0, empty.tableRows());
        // the rules cover the reasons a judged image can have (STALE_UNREADABLE is the failure to gather evidence)
        List<StalenessReason> given = Arrays.stream(StalenessRule.values()).map(StalenessRule::reason).distinct().toList();
        assertEquals(StalenessReason.values().length - 1, given.size(), given.toString());
    }
}
