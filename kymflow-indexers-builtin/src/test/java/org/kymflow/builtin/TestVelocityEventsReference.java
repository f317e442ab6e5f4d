package org.kymflow.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kymflow.builtin.events.EventParams;
import org.kymflow.builtin.events.VelocityEvent;
import org.kymflow.builtin.events.VelocityEventDetector;

/**
 * The port against what the Python {@code detect_events} returns (../shared/data/velocity_events/
 * reference_events.json): every event, type and index, and every float to 1e-12 relative.
 */
class TestVelocityEventsReference {
    /** Columns {@code time} and {@code velocity} (empty = NaN) of a CSV, in row order, for one ROI or all rows. */
    static double[][] trace(Path csv, Integer roi) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int time = header.indexOf("time");
        int velocity = header.indexOf("velocity");
        int roiColumn = header.indexOf("roi_id");
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (roi != null && Integer.parseInt(cells[roiColumn]) != roi) {
                continue;
            }
            rows.add(new double[] {Double.parseDouble(cells[time]),
                    cells[velocity].isEmpty() ? Double.NaN : Double.parseDouble(cells[velocity])});
        }
        double[][] out = new double[2][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            out[0][i] = rows.get(i)[0];
            out[1][i] = rows.get(i)[1];
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyEventOfEveryReferenceTraceIsReproduced() throws IOException {
        Path data = RealData.folder();
        Map<String, Object> reference = new ObjectMapper().readValue(data.resolve("velocity_events/reference_events.json").toFile(), Map.class);
        int compared = 0;
        for (Map.Entry<String, Object> e : reference.entrySet()) {
            String name = e.getKey();
            double[][] tv = name.startsWith("Capillary1_0001_kymanalysis.csv")
                    ? trace(data.resolve("Capillary1_0001_kymanalysis.csv"), Integer.parseInt(name.substring(name.lastIndexOf(' ') + 1)))
                    : trace(data.resolve("velocity_events/" + name), null);
            Map<String, Object> expected = (Map<String, Object>) e.getValue();
            VelocityEventDetector.Result result = VelocityEventDetector.detect(tv[0], tv[1], EventParams.ofDefaults());
            assertClose(((Number) expected.get("threshold")).doubleValue(), result.threshold(), name + " threshold");
            List<Map<String, Object>> events = (List<Map<String, Object>>) expected.get("events");
            assertEquals(events.size(), result.events().size(), name + ": event count; got " + result.events());
            for (int i = 0; i < events.size(); i++) {
                Map<String, Object> want = events.get(i);
                VelocityEvent got = result.events().get(i);
                String where = name + " event " + i;
                assertEquals(want.get("event_type"), got.eventType(), where);
                assertEquals(want.get("machine_type"), got.machineType(), where);
                assertEquals(((Number) want.get("i_start")).intValue(), got.iStart(), where + " i_start");
                assertInt(want.get("i_peak"), got.iPeak(), where + " i_peak");
                assertInt(want.get("i_end"), got.iEnd(), where + " i_end");
                assertInt(want.get("n_valid_in_event"), got.nValidInEvent(), where + " n_valid_in_event");
                assertClose(((Number) want.get("t_start")).doubleValue(), got.tStart(), where + " t_start");
                assertNullable(want.get("t_peak"), got.tPeak(), where + " t_peak");
                assertNullable(want.get("t_end"), got.tEnd(), where + " t_end");
                assertNullable(want.get("score_peak"), got.scorePeak(), where + " score_peak");
                assertNullable(want.get("baseline_before"), got.baselineBefore(), where + " baseline_before");
                assertNullable(want.get("baseline_after"), got.baselineAfter(), where + " baseline_after");
                assertNullable(want.get("strength"), got.strength(), where + " strength");
                assertNullable(want.get("nan_fraction_in_event"), got.nanFractionInEvent(), where + " nan_fraction_in_event");
                assertNullable(want.get("duration_sec"), got.durationSec(), where + " duration_sec");
                compared++;
            }
        }
        assertTrue(compared > 10, "compared " + compared + " events");
    }

    private static void assertInt(Object want, Integer got, String where) {
        if (want == null) {
            assertNull(got, where);
        } else {
            assertEquals(((Number) want).intValue(), got, where);
        }
    }

    private static void assertNullable(Object want, Double got, String where) {
        if (want == null) {
            assertNull(got, where);
        } else {
            assertClose(((Number) want).doubleValue(), got, where);
        }
    }

    static void assertClose(double want, Double got, String where) {
        assertTrue(got != null && (want == got || Math.abs(want - got) <= 1e-12 * Math.max(Math.abs(want), 1e-300)),
                where + ": expected " + want + ", got " + got);
    }
}
