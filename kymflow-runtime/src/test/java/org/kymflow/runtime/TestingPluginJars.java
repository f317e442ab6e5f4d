package org.kymflow.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.kymflow.api.BaseIndexer;
import org.kymflow.table.Table;

/** Builds real plugin JARs during tests: sources compiled with javax.tools against kymflow-api only. */
public final class TestingPluginJars {
    /** The services file that names a JAR's providers. */
    public static final String SERVICE = "META-INF/services/org.kymflow.api.IndexerProvider";

    private TestingPluginJars() {
    }

    /** The class path a plugin compiles against: kymflow-api and kymflow-table, nothing else. */
    static String apiClassPath() {
        try {
            return Path.of(BaseIndexer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    + java.io.File.pathSeparator
                    + Path.of(Table.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles sources (one file per top-level class, named by its path, e.g. {@code org/x/P.java}) and
     * packs them with extra entries (e.g. a services file) into a JAR.
     *
     * @param jar where to write the JAR
     * @param sources path to Java source
     * @param entries other entries, path to text
     * @return the JAR
     * @throws IOException when a file cannot be written
     */
    public static Path jar(Path jar, Map<String, String> sources, Map<String, String> entries) throws IOException {
        Path work = Files.createTempDirectory("kymflow-plugin-src"); // outside the scanned plugins folder
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = work.resolve("src").resolve(s.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue());
            files.add(file.toString());
        }
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        if (!files.isEmpty()) {
            compile(classes, files);
        }
        return pack(jar, classes, entries);
    }

    static void compile(Path classes, List<String> files) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-cp", apiClassPath(), "-d", classes.toString()));
        args.addAll(files);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac failed:\n" + err.toString(StandardCharsets.UTF_8));
        }
    }

    static Path pack(Path jar, Path classes, Map<String, String> entries) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(p));
                    out.closeEntry();
                }
            }
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * A provider source: the indexer returns one row with {@code lib} (from {@code libCall}) and
     * {@code tccl_is_plugin} (whether the context class loader is the plugin's own during the call).
     */
    static String provider(String pkg, String cls, String indexerName, String libCall, String constructorBody) {
        return """
                package %1$s;
                import java.util.Map;
                import org.kymflow.api.*;
                import org.kymflow.table.*;
                public final class %2$s implements IndexerProvider {
                    public %2$s() { %5$s }
                    public String name() { return "%3$s"; }
                    public String description() { return "test plugin %3$s"; }
                    public Map<String, Object> defaultParams() { return Map.of(); }
                    public BaseIndexer create(Map<String, Object> params) {
                        Params.resolve(name(), defaultParams(), params);
                        return new BaseIndexer() {
                            public String name() { return "%3$s"; }
                            public String analysisVersion() { return "%3$s@1"; }
                            public String paramsHash(ImageRecordView rec) { return "fixed"; }
                            public Table extractRows(ImageRecordView rec) {
                                boolean own = Thread.currentThread().getContextClassLoader() == %2$s.class.getClassLoader();
                                return Table.columnBuilder().addStrings("lib", %4$s)
                                        .addBooleans("tccl_is_plugin", own).addInts("pixels", rec.pixels().size()).build();
                            }
                        };
                    }
                }
                """.formatted(pkg, cls, indexerName, libCall, constructorBody);
    }

    /** A plugin JAR with one provider and the services file naming it. */
    static Path simplePlugin(Path jar, String indexerName) throws IOException {
        String pkg = "p" + Integer.toHexString(jar.toString().hashCode() & 0xfffffff);
        return jar(jar, Map.of(pkg + "/Provider.java", provider(pkg, "Provider", indexerName, "\"none\"", "")),
                Map.of(SERVICE, pkg + ".Provider\n"));
    }
}
