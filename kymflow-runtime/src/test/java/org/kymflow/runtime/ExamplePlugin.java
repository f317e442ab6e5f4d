package org.kymflow.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Builds plugins/example-indexer from its own sources into a JAR, as its Maven build would. */
public final class ExamplePlugin {
    private ExamplePlugin() {
    }

    public static Path root() {
        return Path.of(System.getProperty("kymflow.repo.root", "..")).resolve("plugins/example-indexer");
    }

    /**
     * @param work a scratch folder
     * @param plugins the plugins folder to write the JAR into
     * @return the JAR
     * @throws IOException when the sources cannot be read or the JAR written
     */
    public static Path build(Path work, Path plugins) throws IOException {
        Path src = root().resolve("src/main/java");
        List<String> files;
        try (Stream<Path> walk = Files.walk(src)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        Path classes = Files.createTempDirectory(work, "example-classes");
        TestingPluginJars.compile(classes, files);
        String services = Files.readString(root().resolve("src/main/resources/" + TestingPluginJars.SERVICE));
        return TestingPluginJars.pack(plugins.resolve("example-indexer-1.0.0.jar"), classes,
                Map.of(TestingPluginJars.SERVICE, services));
    }
}
