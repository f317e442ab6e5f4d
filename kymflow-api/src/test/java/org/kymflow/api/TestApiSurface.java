package org.kymflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kymflow.table.Table;

/**
 * Holds the whole public surface a plugin links against (every public type, method, constructor and
 * field of {@code org.kymflow.api} and {@code org.kymflow.table}, generic signatures included) against
 * the committed snapshot: removing or changing anything fails; adding is allowed (DESIGN 4a), as in
 * Trino's TestSpiBackwardCompatibility.
 */
class TestApiSurface {
    private static final String SNAPSHOT = "/api-surface.txt";

    /** Every public class of a package, found in the folder or JAR its marker class came from. */
    static List<Class<?>> publicTypes(Class<?> marker) throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(marker.getProtectionDomain().getCodeSource().getLocation().toURI());
        String pkg = marker.getPackageName();
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.list(root.resolve(pkg.replace('.', '/')))) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class")).forEach(names::add);
            }
        } else {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile())) {
                String prefix = pkg.replace('.', '/') + "/";
                jar.stream().map(java.util.zip.ZipEntry::getName)
                        .filter(n -> n.startsWith(prefix) && n.endsWith(".class") && n.indexOf('/', prefix.length()) < 0)
                        .forEach(n -> names.add(n.substring(prefix.length())));
            }
        }
        List<Class<?>> types = new ArrayList<>();
        for (String file : names) {
            Class<?> c = Class.forName(pkg + "." + file.substring(0, file.length() - ".class".length()), false,
                    marker.getClassLoader());
            if (isVisible(c)) {
                types.add(c);
            }
        }
        return types;
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> t = c; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
                return false;
            }
        }
        return !c.isSynthetic();
    }

    static TreeSet<String> surface() throws Exception {
        TreeSet<String> lines = new TreeSet<>();
        List<Class<?>> types = new ArrayList<>(publicTypes(BaseIndexer.class));
        types.addAll(publicTypes(Table.class));
        for (Class<?> type : types) {
            String name = type.getName();
            lines.add(name + " : type " + Modifier.toString(type.getModifiers()) + " " + type.toGenericString()
                    + " extends " + type.getGenericSuperclass() + " implements " + List.of(type.getGenericInterfaces()));
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (isApi(c.getModifiers(), type)) {
                    lines.add(name + " : " + c.toGenericString());
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (isApi(m.getModifiers(), type) && !m.isSynthetic() && !m.isBridge()) {
                    lines.add(name + " : " + m.toGenericString());
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (isApi(f.getModifiers(), type) && !f.isSynthetic()) {
                    lines.add(name + " : " + f.toGenericString());
                }
            }
        }
        return lines;
    }

    /** Public members, and protected ones of classes a plugin can extend. */
    private static boolean isApi(int modifiers, Class<?> type) {
        return Modifier.isPublic(modifiers) || (Modifier.isProtected(modifiers) && !Modifier.isFinal(type.getModifiers()));
    }

    /** A plugin's compiled code links against these signatures: changing or removing one breaks every plugin. */
    @Test
    void nothingOfTheCommittedSurfaceIsRemovedOrChanged() throws Exception {
        if (Boolean.getBoolean("kymflow.updateApiSnapshot")) {
            // after a deliberate addition: mvn -pl kymflow-api test -Dkymflow.updateApiSnapshot=true
            Files.writeString(Path.of("src/test/resources" + SNAPSHOT), String.join("\n", surface()) + "\n");
        }
        List<String> committed;
        try (InputStream in = TestApiSurface.class.getResourceAsStream(SNAPSHOT)) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        TreeSet<String> now = surface();
        List<String> missing = committed.stream().filter(l -> !now.contains(l)).toList();
        assertEquals(List.of(), missing, "the plugin API lost or changed these signatures; add, never change"
                + " (DESIGN 4a). The current surface is:\n" + String.join("\n", now));
        List<String> added = now.stream().filter(l -> !committed.contains(l)).toList();
        // additions are allowed, but deliberately: an addition not in the snapshot fails, so the snapshot always
        // says what a plugin can link against (run with -Dkymflow.updateApiSnapshot=true after reviewing it)
        assertEquals(List.of(), added, "API additions not yet in " + SNAPSHOT + " (add them with"
                + " mvn -pl kymflow-api test -Dkymflow.updateApiSnapshot=true, after checking they are additions)");
    }

    /** The snapshot itself must hold the API's core, or the test above would pass on an empty file. */
    @Test
    void theSnapshotCoversTheCoreTypes() throws IOException {
        String text;
        try (InputStream in = TestApiSurface.class.getResourceAsStream(SNAPSHOT)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String core : List.of("org.kymflow.api.BaseIndexer : public abstract org.kymflow.table.Table "
                        + "org.kymflow.api.BaseIndexer.extractRows(org.kymflow.api.ImageRecordView)",
                "org.kymflow.api.IndexerProvider : public abstract java.util.Map<java.lang.String, java.lang.Object> "
                        + "org.kymflow.api.IndexerProvider.defaultParams()",
                "org.kymflow.api.Provenance : public static final java.lang.String org.kymflow.api.Provenance.IMAGE_ID",
                "org.kymflow.table.Table : public static org.kymflow.table.Table$RowBuilder "
                        + "org.kymflow.table.Table.builder(org.kymflow.table.Schema)")) {
            assertTrue(text.contains(core), "snapshot lacks: " + core);
        }
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

    @Test
    void roisParseBothPythonFormsAndRefuseWrappedValues() {
        List<Roi> rois = Roi.parseAll(List.of(
                Map.of("roi_id", 4, "roi_type", "rect", "data", Map.of("x0", 1, "x1", 5, "y0", 0, "y1", 9)),
                Map.of("id", 7, "dim0_start", 2, "dim0_stop", 8, "dim1_start", 3, "dim1_stop", 6),
                Map.of("roi_id", 9, "roi_type", "polygon")));
        assertEquals(List.of(new Roi(4, 1, 0, 1, 5, 0, 9), new Roi(7, 1, 0, 3, 6, 2, 8)), rois);
        for (Object bad : List.of(4294967297L, 1e20, Double.POSITIVE_INFINITY, 2.5)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Roi.parseAll(List.of(
                    Map.of("roi_id", 1, "data", Map.of("x0", 0, "x1", bad, "y0", 0, "y1", 9)))));
            assertTrue(e.getMessage().contains("'x1'") && e.getMessage().contains("whole number"), e.getMessage());
        }
    }
}
