package org.kymflow.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Discovery of 20 real plugin JARs (compiled with javax.tools by the runtime's test helper) plus the
 * built-ins: SHA-256 of each JAR, one class loader each, ServiceLoader, name policy. Single-shot, in a
 * fresh JVM fork, because a user pays it once per command. Lives in the runtime package to reuse the
 * package-private test helper.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(15)
public class PluginDiscoveryBenchmark {
    private Path plugins;

    /**
     * Builds the 20 JARs.
     *
     * @throws IOException when a JAR cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        plugins = Files.createTempDirectory("kymflow-plugins");
        for (int i = 0; i < 20; i++) {
            TestingPluginJars.simplePlugin(plugins.resolve("plugin" + i + ".jar"), "bench_plugin_" + i);
        }
    }

    /** @return the catalog */
    @Benchmark
    public IndexerCatalog discoverTwentyJars() {
        IndexerCatalog catalog = IndexerCatalog.discover(plugins);
        // the 20 JARs all loaded; the built-ins, however many there are now, beside them
        if (catalog.entries().stream().filter(e -> e.isLoaded() && !"built-in".equals(e.origin())).count() != 20) {
            throw new IllegalStateException("expected 20 plugins loaded, got " + catalog.entries());
        }
        return catalog;
    }
}
