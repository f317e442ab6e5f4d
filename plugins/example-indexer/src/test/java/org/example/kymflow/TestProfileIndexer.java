package org.example.kymflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.Pixels;
import org.kymflow.api.Roi;
import org.kymflow.table.Table;

/** Tests against kymflow-api alone, with an image view of our own. */
class TestProfileIndexer {
    /** 4 lines x 3 columns: column x holds x * 10 + line. */
    static ImageRecordView image(List<Roi> rois) {
        short[] data = new short[12];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 3; x++) {
                data[y * 3 + x] = (short) (x * 10 + y);
            }
        }
        return new ImageRecordView() {
            public String imageId() {
                return "img";
            }

            public List<String> axes() {
                return List.of("y", "x");
            }

            public int[] shape() {
                return new int[] {4, 3};
            }

            public String dtype() {
                return "uint16";
            }

            public Pixels pixels() {
                return Pixels.wrap("uint16", data.clone(), 4, 3);
            }

            public Pixels pixels(long[] offset, int[] shape) {
                short[] out = new short[shape[0] * shape[1]];
                for (int y = 0; y < shape[0]; y++) {
                    for (int x = 0; x < shape[1]; x++) {
                        out[y * shape[1] + x] = data[(int) ((offset[0] + y) * 3 + offset[1] + x)];
                    }
                }
                return Pixels.wrap("uint16", out, shape);
            }

            public Map<String, Object> metadata() {
                return Map.of();
            }

            public List<Roi> rois() {
                return rois;
            }

            public Optional<Object> json(String name) {
                return Optional.empty();
            }

            public Optional<Table> table(String name) {
                return Optional.empty();
            }

            public List<String> analysisKeys() {
                return List.of();
            }
        };
    }

    @Test
    void profileIsTheColumnMeanPerRoi() {
        Table t = new ProfileProvider().create(Map.of()).extractRows(image(List.of(new Roi(5, 1, 0, 1, 3, 0, 4))));
        assertEquals(2, t.rowCount());
        assertEquals(1, t.getInt("x", 0));
        assertEquals(11.5, t.getDouble("mean", 0), 1e-12);
        assertEquals(21.5, t.getDouble("mean", 1), 1e-12);
        Table whole = new ProfileProvider().create(Map.of("subtract_min", "true")).extractRows(image(List.of()));
        assertEquals(List.of(0.0, 10.0, 20.0), List.of(whole.getDouble("mean", 0), whole.getDouble("mean", 1), whole.getDouble("mean", 2)));
    }

    @Test
    void theProviderIsAServiceAndRefusesUnknownParams() {
        IndexerProvider p = ServiceLoader.load(IndexerProvider.class).findFirst().orElseThrow();
        assertEquals("profile", p.name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("smooth", 1)));
        assertTrue(e.getMessage().contains("'smooth'"), e.getMessage());
    }
}
