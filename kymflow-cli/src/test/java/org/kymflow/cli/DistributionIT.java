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
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        launchedAsAUserWould(builder);
        Process p = builder.start();
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
        assertEquals("kymflow " + version(home) + "\n", run(work, List.of(launcher, "--version")),
                "the version alone: no class-data step, no JVM chatter");
        String help = run(work, List.of(launcher, "status", "--help"));
        assertTrue(help.startsWith("Usage: kymflow status"), "a command's help answers at once, no class-data step:\n" + help);
        String demo = run(work, List.of(launcher, "demo"));
        assertTrue(demo.contains("true mm/s") && demo.contains("velocity_summary"), demo);
        assertTrue(demo.startsWith("kymflow: preparing class data"), "the first real command makes the class-data archive:\n" + demo);
        assertTrue(Files.isDirectory(work.resolve("kymflow-demo/demo.zarr")));
        assertClassDataArchiveMaps(home);
        String indexers = run(work, List.of(launcher, "indexers"));
        assertTrue(indexers.contains("radon") && indexers.contains("LOADED"), indexers);
        assertTrue(!indexers.contains("class data") && !indexers.contains("[warning]"),
                "later commands print only their own output:\n" + indexers);
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            Path cli = jars.filter(j -> j.getFileName().toString().startsWith("kymflow-cli-")).findFirst().orElseThrow();
            Files.setLastModifiedTime(cli, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        }
        assertTrue(run(work, List.of(launcher, "indexers")).startsWith("kymflow: preparing class data"),
                "a changed JAR gets a new archive (the JVM would not map the old one)");
        assertViewerServes(work, launcher);
        assertEditingViewerServes(work, launcher);
        Path link = tmp.resolve("bin-on-path/kymflow");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, home.resolve("bin/kymflow"));
        assertTrue(run(work, List.of(link.toString(), "--version")).startsWith("kymflow "), "through a symlink");
        try (Stream<Path> walk = Files.walk(unpacked)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Where the Temurin 25 of these machines is (the current Temurin the README points to). */
    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    /**
     * Every command prints only its own output on Java 17 (the build's) and on Java 25: no class-data
     * errors, no native-access warnings. The JVM's "Using incubator modules" notice cannot be turned off by
     * a flag; it may appear on {@code index}, which uses the Vector API, and nowhere else.
     */
    @Test
    void theLauncherPrintsNoJvmNoiseOnJava17OrJava25() throws Exception {
        boolean has25 = Files.isExecutable(JAVA_25.resolve("bin/java"));
        if (!has25 && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + JAVA_25 + " is missing: these machines ship a Temurin 25");
        }
        if (!has25) {
            System.out.println("[skipped] " + JAVA_25 + " is absent: the launcher is checked on " + System.getProperty("java.home") + " only");
        }
        List<Path> javas = has25 ? List.of(Path.of(System.getProperty("java.home")), JAVA_25) : List.of(Path.of(System.getProperty("java.home")));
        for (Path javaHome : javas) {
            Path unpacked = Files.createDirectories(tmp.resolve("opt-" + javaHome.getFileName()));
            run(unpacked, List.of("tar", "xzf", archive("tar.gz").toAbsolutePath().toString()));
            Path home;
            try (Stream<Path> s = Files.list(unpacked)) {
                home = s.findFirst().orElseThrow();
            }
            String launcher = home.resolve("bin/kymflow").toString();
            Path work = Files.createDirectories(tmp.resolve("work-" + javaHome.getFileName()));
            Path lab = Files.createDirectories(work.resolve("lab"));
            TestIngestIntegrity.kymograph(lab, "k1", null);
            List<List<String>> commands = List.of(List.of(launcher, "--version"), List.of(launcher, "demo"),
                    List.of(launcher, "ingest", "lab.zarr", "lab"), List.of(launcher, "index", "lab.zarr", "radon"),
                    List.of(launcher, "status", "lab.zarr"), List.of(launcher, "images", "lab.zarr"));
            for (List<String> command : commands) {
                ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
                launchedAsAUserWould(builder);
                builder.environment().put("JAVA_HOME", javaHome.toString());
                Path errFile = work.resolve("stderr.txt");
                builder.redirectError(errFile.toFile()); // a file: reading two pipes in turn could deadlock
                Process p = builder.start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(300, TimeUnit.SECONDS));
                String err = Files.readString(errFile);
                assertEquals(0, p.exitValue(), command + " on " + javaHome + ":\n" + out + err);
                for (String line : (out + err).lines().toList()) {
                    boolean jvmNoise = line.startsWith("WARNING:") || line.contains("[error]") || line.contains("[warning]")
                            || line.matches("\\[[0-9.]+s\\].*");
                    boolean allowed = command.get(1).equals("index") && line.equals("WARNING: Using incubator modules: jdk.incubator.vector");
                    assertTrue(!jvmNoise || allowed, command.get(1) + " on " + javaHome + " printed JVM noise: " + line);
                }
            }
        }
    }

    /** The launcher on this JVM, without options from the developer's environment (they would change the archive made). */
    private static void launchedAsAUserWould(ProcessBuilder builder) {
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("KYMFLOW_JAVA_OPTS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
    }

    private static String version(Path home) {
        return home.getFileName().toString().substring("kymflow-".length());
    }

    /**
     * The archive the launcher made is one this JVM maps for this class path: with {@code -Xshare:on} the JVM
     * refuses to start otherwise, where the launcher's default ({@code auto}) would quietly go on without it.
     */
    private static void assertClassDataArchiveMaps(Path home) throws Exception {
        Path archive;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            List<Path> archives = lib.filter(p -> p.getFileName().toString().endsWith(".jsa")).toList();
            assertEquals(1, archives.size(), "one class-data archive beside the JARs: " + archives);
            archive = archives.get(0);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = run(home, List.of(java, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "--add-modules=jdk.incubator.vector",
                "-Xlog:class+load=info", "-cp", home.resolve("lib") + "/*", "org.kymflow.cli.KymflowCli", "--version"));
        assertTrue(out.contains("kymflow " + version(home)), out);
        // picocli is compiled for Java 17 into kymflow-cli's JAR, so its classes are archived too
        assertTrue(out.contains("picocli.CommandLine source: shared objects file"), "picocli from the archive:\n"
                + out.lines().filter(l -> l.contains("picocli.CommandLine ")).toList());
    }

    /** `kymflow view` of the demo's dataset on a free port, launched as a user would, output and errors in one stream. */
    private static Process startViewer(Path work, String launcher, String... extra) throws java.io.IOException {
        List<String> command = new java.util.ArrayList<>(List.of(launcher, "view", "kymflow-demo/demo.zarr", "--port", "0"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        launchedAsAUserWould(builder);
        return builder.start();
    }

    /** The viewer's {@code serving ...} line, after any lines before it (a plugin warning may come first); null at its end. */
    private static String servingLine(Process p) throws java.io.IOException {
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        for (int skipped = 0; line != null && !line.startsWith("serving ") && skipped < 50; skipped++) {
            line = out.readLine();
        }
        return line;
    }

    /** `kymflow view --port 0` prints where it serves once it answers; the API lists the demo's images; Ctrl-C stops it. */
    private static void assertViewerServes(Path work, String launcher) throws Exception {
        Process p = startViewer(work, launcher);
        try {
            String line = servingLine(p);
            assertTrue(line != null && line.matches("serving .*demo\\.zarr at http://127\\.0\\.0\\.1:\\d+/"), "first line: " + line);
            java.net.URI uri = java.net.URI.create(line.substring(line.indexOf(" at ") + 4));
            java.net.http.HttpResponse<String> images = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(uri.resolve("/api/images")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, images.statusCode());
            assertEquals(4, images.body().split("\"image_id\"", -1).length - 1, images.body());
        } finally {
            p.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook stops the server
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the viewer stops on SIGTERM");
        }
    }

    /** `kymflow view --edit` prints its token; a change with it goes through, one without it does not. */
    private static void assertEditingViewerServes(Path work, String launcher) throws Exception {
        Process p = startViewer(work, launcher, "--edit");
        try {
            String line = servingLine(p);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "serving .*demo\\.zarr at (http://127\\.0\\.0\\.1:\\d+/)\\?token=([A-Za-z0-9_-]{32}) \\(editing\\)").matcher(String.valueOf(line));
            assertTrue(m.matches(), "first line: " + line);
            java.net.URI params = java.net.URI.create(m.group(1)).resolve("/api/params/radon");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest.Builder put = java.net.http.HttpRequest.newBuilder(params)
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"outlier_std\": 2.0}"));
            assertEquals(403, http.send(put.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, http.send(put.header("X-Kymflow-Token", m.group(2)).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the viewer stops on SIGTERM");
        }
    }

    @Test
    void theZipHoldsTheSameLayout() throws Exception {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(archive("zip").toFile())) {
            List<String> names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertTrue(names.stream().anyMatch(n -> n.endsWith("/bin/kymflow.bat")) && names.stream().anyMatch(n -> n.endsWith("/bin/kymflow"))
                    && names.stream().anyMatch(n -> n.contains("/lib/kymflow-cli-")) && names.stream().anyMatch(n -> n.endsWith("/THIRD-PARTY.md")), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.contains("/lib/picocli-")), "picocli's classes are in kymflow-cli's JAR, once: " + names);
        }
    }
}
