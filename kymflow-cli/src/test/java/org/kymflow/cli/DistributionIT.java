package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution as a lab gets it: unpacked anywhere, run from another folder, through its own launcher. */
class DistributionIT {
    @TempDir
    Path tmp;

    private static Path archive(String extension) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("kymflow-.*\\." + extension.replace(".", "\\.")))
                    .findFirst().orElseThrow(() -> new IOException("no kymflow-*." + extension + " in target/"));
        }
    }

    private static String run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }

    @Test
    void theUnpackedArchiveRunsTheDemoAndListsItsIndexersFromAnotherFolder() throws Exception {
        Path unpacked = Files.createDirectories(tmp.resolve("opt"));
        run(unpacked, List.of("tar", "xzf", archive("tar.gz").toAbsolutePath().toString()));
        Path[] homes;
        try (Stream<Path> s = Files.list(unpacked)) {
            homes = s.toArray(Path[]::new);
        }
        assertEquals(1, homes.length, "one top folder, kymflow-<version>");
        Path home = homes[0];
        assertTrue(Files.isExecutable(home.resolve("bin/kymflow")) && Files.isRegularFile(home.resolve("bin/kymflow.bat")));
        assertTrue(Files.isRegularFile(home.resolve("plugins/README.md")) && Files.isRegularFile(home.resolve("README.md")));
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            assertTrue(jars.anyMatch(j -> j.getFileName().toString().startsWith("kymflow-cli-")));
        }
        Path work = Files.createDirectories(tmp.resolve("somewhere-else"));
        String launcher = home.resolve("bin/kymflow").toString();
        String demo = run(work, List.of(launcher, "demo"));
        assertTrue(demo.contains("true mm/s") && demo.contains("velocity_summary"), demo);
        assertTrue(Files.isDirectory(work.resolve("kymflow-demo/demo.zarr")));
        String indexers = run(work, List.of(launcher, "indexers"));
        assertTrue(indexers.contains("radon") && indexers.contains("LOADED"), indexers);
        Path link = tmp.resolve("bin-on-path/kymflow");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, home.resolve("bin/kymflow"));
        assertTrue(run(work, List.of(link.toString(), "--version")).startsWith("kymflow "), "through a symlink");
        try (Stream<Path> walk = Files.walk(unpacked)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theZipHoldsTheSameLayout() throws Exception {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(archive("zip").toFile())) {
            List<String> names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertTrue(names.stream().anyMatch(n -> n.endsWith("/bin/kymflow.bat")) && names.stream().anyMatch(n -> n.endsWith("/bin/kymflow"))
                    && names.stream().anyMatch(n -> n.contains("/lib/picocli-")) && names.stream().anyMatch(n -> n.endsWith("/THIRD-PARTY.md")), names.toString());
        }
    }
}
