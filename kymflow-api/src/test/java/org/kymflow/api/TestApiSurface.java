package org.kymflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestApiSurface {
    private static final List<Class<?>> API = List.of(BaseIndexer.class, IndexerProvider.class, ImageRecordView.class,
            Pixels.class, Roi.class, Params.class, Provenance.class);

    static List<String> surface() {
        List<String> lines = new ArrayList<>();
        for (Class<?> type : API) {
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                    lines.add(type.getSimpleName() + " " + m.getReturnType().getSimpleName() + " " + m.getName()
                            + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList());
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    /** A plugin's compiled code links against these signatures: changing one breaks every plugin. */
    @Test
    void publicSignaturesMatchTheCommittedSnapshot() throws IOException {
        String expected;
        try (InputStream in = TestApiSurface.class.getResourceAsStream("/api-surface.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected.strip(), String.join("\n", surface()),
                "the plugin API changed; if on purpose, update src/test/resources/api-surface.txt and the version");
    }

    @Test
    void paramsResolveDefaultsCoerceStringsAndNameBadKeys() {
        Map<String, Object> defaults = Map.of("window_size", 16, "threshold", 0.5, "smooth", true, "mode", "fast");
        Params p = Params.resolve("radon", defaults, Map.of("window_size", "32", "threshold", 1));
        assertEquals(32, p.getInt("window_size"));
        assertEquals(1.0, p.getDouble("threshold"));
        assertTrue(p.getBoolean("smooth"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Params.resolve("radon", defaults, Map.of("windowsize", 3)));
        assertTrue(unknown.getMessage().contains("'windowsize'") && unknown.getMessage().contains("window_size"), unknown.getMessage());
        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class,
                () -> Params.resolve("radon", defaults, Map.of("window_size", "big")));
        assertTrue(typed.getMessage().contains("'window_size'") && typed.getMessage().contains("Integer"), typed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Params.resolve("radon", defaults, Map.of("smooth", "maybe")));
    }

    @Test
    void roisClampToTheImageAndPixelsAreReadOnlyCopies() {
        Roi r = new Roi(1, 1, 0, 30, -5, 10, 90).clampedTo(50, 20);
        assertEquals(new Roi(1, 1, 0, 0, 20, 10, 50), r);
        short[] data = {1, 2, (short) 65535, 4};
        Pixels px = Pixels.wrap("uint16", data, 2, 2);
        assertEquals(65535.0, px.getDouble(1, 0));
        float[] copy = px.toFloatArray();
        copy[0] = 99;
        assertEquals(1.0, px.getDouble(0));
        assertThrows(IllegalArgumentException.class, () -> Pixels.wrap("uint16", new int[4], 2, 2));
    }
}
