package org.kymflow.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kymflow.builtin.heartrate.HeartRateAnalysis;
import org.kymflow.builtin.heartrate.HeartRateParams;

/**
 * The port against what the Python {@code HeartRateAnalysis.run_roi} summarised for the same velocities
 * (../shared/data/heart_rate/reference_heart_rate.json): status, bpm (grid points), and snr and band
 * concentrations to 1e-9 relative.
 */
class TestHeartRateReference {
    @Test
    @SuppressWarnings("unchecked")
    void everyReferenceTraceGivesPythonsSummary() throws IOException {
        Path data = RealData.folder();
        Map<String, Object> reference = new ObjectMapper().readValue(data.resolve("heart_rate/reference_heart_rate.json").toFile(), Map.class);
        List<Map<String, Object>> results = (List<Map<String, Object>>) reference.get("results");
        assertEquals(4, results.size());
        for (Map<String, Object> want : results) {
            String file = (String) want.get("file");
            int roi = ((Number) want.get("roi_id")).intValue();
            double[][] tv = file.startsWith("Capillary1_0001")
                    ? TestVelocityEventsReference.trace(data.resolve(file), roi)
                    : TestVelocityEventsReference.trace(data.resolve(file), null);
            HeartRateAnalysis.Summary got = HeartRateAnalysis.analyze(tv[0], tv[1], HeartRateParams.ofDefaults());
            String where = file + " ROI " + roi;
            assertEquals(want.get("status"), got.status(), where);
            assertEquals(want.get("status_note"), got.statusNote(), where);
            assertEquals(((Number) want.get("n_total")).intValue(), got.nTotal(), where);
            assertEquals(((Number) want.get("n_valid")).intValue(), got.nValid(), where);
            close(want, "valid_frac", got.validFrac(), 1e-15, where);
            // pandas' fast CSV parser, which made the reference, can miss the nearest double by a few units
            close(want, "t_min", got.tMin(), 1e-13, where);
            close(want, "t_max", got.tMax(), 1e-13, where);
            close(want, "lomb_hz", got.lomb().hz(), 1e-13, where);
            close(want, "lomb_bpm", got.lomb().bpm(), 1e-13, where);
            close(want, "welch_hz", got.welch().hz(), 1e-12, where); // fs comes from the parsed times (see t_min)
            close(want, "welch_bpm", got.welch().bpm(), 1e-12, where);
            close(want, "lomb_snr", got.lomb().snr(), 1e-9, where);
            close(want, "welch_snr", got.welch().snr(), 1e-9, where);
            close(want, "lomb_bc", got.lomb().bandConcentration(), 1e-9, where);
            close(want, "welch_bc", got.welch().bandConcentration(), 1e-9, where);
            close(want, "agree_delta_bpm", got.agreeDeltaBpm(), 1e-11, where);
            assertEquals(want.get("lomb_edge"), got.lomb().edge(), where);
            assertEquals(want.get("welch_edge"), got.welch().edge(), where);
            assertEquals(want.get("agree_ok"), got.agreeOk(), where);
            // ours: the refined peak is within half a Lomb-Scargle grid step of the grid's peak
            double step = (600.0 - 240.0) / 511;
            assertTrue(Math.abs(60 * got.refinedHz() - got.lomb().bpm()) <= step / 2 + 1e-9, where + " refined " + 60 * got.refinedHz());
        }
    }

    private static void close(Map<String, Object> want, String key, double got, double relative, String where) {
        double expected = ((Number) want.get(key)).doubleValue();
        assertEquals(expected, got, Math.abs(expected) * relative, where + " " + key);
    }
}
