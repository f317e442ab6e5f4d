package org.kymflow.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.IndexerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every available indexer: the built-ins on the class path, and the plugins in a plugins folder.
 *
 * <p>Each {@code *.jar} directly in the folder is one plugin; each sub-folder holding {@code *.jar} files
 * is one plugin made of those JARs. Each plugin gets its own {@link PluginClassLoader}. A plugin that
 * cannot load is recorded as FAILED with its path and cause and never stops the others; a malformed or
 * reserved name is REJECTED; two indexers with one name are both REJECTED, naming both places. With
 * {@code strict}, any entry that is not LOADED makes discovery throw.
 */
public final class IndexerCatalog {
    /** The origin of indexers found on the host class path. */
    public static final String BUILT_IN = "built-in";
    private static final Logger LOG = LoggerFactory.getLogger(IndexerCatalog.class);

    private final List<CatalogEntry> entries;
    private final Map<String, Loaded> loaded;

    private record Loaded(IndexerProvider provider, ClassLoader loader) {
    }

    private record Candidate(CatalogEntry entry, IndexerProvider provider, ClassLoader loader) {
    }

    private List<Path> searched = List.of();

    private IndexerCatalog(List<CatalogEntry> entries, Map<String, Loaded> loaded) {
        this.entries = List.copyOf(entries);
        this.loaded = Map.copyOf(loaded);
    }

    /**
     * Finds the built-ins on the class path and the plugins in a folder.
     *
     * @param pluginsDir the plugins folder; null or missing means none
     * @return the catalog
     */
    public static IndexerCatalog discover(Path pluginsDir) {
        return discover(pluginsDir, false);
    }

    /**
     * Finds the built-ins on the class path and the plugins in a folder.
     *
     * @param pluginsDir the plugins folder; null or missing means none
     * @param strict whether any REJECTED or FAILED entry is an error
     * @return the catalog
     * @throws IllegalStateException listing every problem when strict and one is found
     */
    public static IndexerCatalog discover(Path pluginsDir, boolean strict) {
        return discover(pluginsDir == null ? List.<Path>of() : List.of(pluginsDir), strict);
    }

    /**
     * Finds the built-ins on the class path and the plugins in several folders, searched in order.
     *
     * @param pluginDirs plugin folders; missing ones are skipped
     * @param strict whether any REJECTED or FAILED entry is an error
     * @return the catalog
     * @throws IllegalStateException listing every problem when strict and one is found
     */
    public static IndexerCatalog discover(List<Path> pluginDirs, boolean strict) {
        List<IndexerProvider> builtIns = new ArrayList<>();
        List<Candidate> broken = new ArrayList<>();
        Iterator<ServiceLoader.Provider<IndexerProvider>> it =
                ServiceLoader.load(IndexerProvider.class, IndexerCatalog.class.getClassLoader()).stream().iterator();
        for (int guard = 0; guard < 10_000; guard++) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                builtIns.add(it.next().get());
            } catch (ServiceConfigurationError | LinkageError e) {
                broken.add(failed("class path provider", BUILT_IN, null, describeError(e)));
            }
        }
        return discover(builtIns, broken, pluginDirs, strict);
    }

    /**
     * The embedding form: given providers plus plugin folders.
     *
     * @param providers providers the host already has (reported as built-in)
     * @param pluginDirs plugin folders to scan
     * @param strict whether any REJECTED or FAILED entry is an error
     * @return the catalog
     * @throws IllegalStateException listing every problem when strict and one is found
     */
    public static IndexerCatalog discover(List<IndexerProvider> providers, List<Path> pluginDirs, boolean strict) {
        return discover(providers, List.of(), pluginDirs, strict);
    }

    private static IndexerCatalog discover(List<IndexerProvider> providers, List<Candidate> alreadyFailed,
                                           List<Path> pluginDirs, boolean strict) {
        List<Candidate> candidates = new ArrayList<>(alreadyFailed);
        for (IndexerProvider p : providers) {
            candidates.add(describe(p, BUILT_IN, null, p.getClass().getClassLoader()));
        }
        for (Path dir : pluginDirs) {
            candidates.addAll(scanFolder(dir));
        }
        // name policy and duplicates
        Map<String, List<Candidate>> byName = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            if (c.entry().status() == CatalogEntry.Status.LOADED) {
                byName.computeIfAbsent(c.entry().name(), k -> new ArrayList<>()).add(c);
            }
        }
        List<CatalogEntry> entries = new ArrayList<>();
        Map<String, Loaded> loaded = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            CatalogEntry e = c.entry();
            if (e.status() == CatalogEntry.Status.LOADED) {
                Optional<String> problem = NamePolicy.problem(e.name());
                List<Candidate> same = byName.get(e.name());
                if (problem.isPresent()) {
                    e = e.withStatus(CatalogEntry.Status.REJECTED, problem.get());
                } else if (same.size() > 1) {
                    e = e.withStatus(CatalogEntry.Status.REJECTED, "duplicate indexer name '" + e.name() + "' offered by "
                            + same.stream().map(s -> s.entry().origin()).toList());
                } else {
                    loaded.put(e.name(), new Loaded(c.provider(), c.loader()));
                }
            }
            if (e.status() != CatalogEntry.Status.LOADED) {
                LOG.warn("indexer {} from {} is {}: {}", e.name(), e.origin(), e.status(), e.reason());
            }
            entries.add(e);
        }
        if (strict) {
            List<String> problems = entries.stream().filter(e -> !e.isLoaded())
                    .map(e -> e.status() + " " + e.name() + " (" + e.origin() + "): " + e.reason()).toList();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("strict plugin discovery found problems:\n  " + String.join("\n  ", problems));
            }
        }
        IndexerCatalog catalog = new IndexerCatalog(entries, loaded);
        catalog.searched = List.copyOf(pluginDirs);
        return catalog;
    }

    private static List<Candidate> scanFolder(Path dir) {
        List<Candidate> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            LOG.debug("plugins folder {} does not exist; no plugins", dir);
            return out;
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        } catch (IOException e) {
            out.add(failed(dir.toString(), dir.toString(), null, "cannot list the plugins folder: " + e));
            return out;
        }
        for (Path child : children) {
            if (Files.isRegularFile(child) && child.getFileName().toString().endsWith(".jar")) {
                out.addAll(loadPlugin(child, List.of(child)));
            } else if (Files.isDirectory(child)) {
                List<Path> jars;
                try (Stream<Path> s = Files.list(child)) {
                    jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
                } catch (IOException e) {
                    out.add(failed(child.toString(), child.toString(), null, "cannot list the plugin folder: " + e));
                    continue;
                }
                if (!jars.isEmpty()) {
                    out.addAll(loadPlugin(child, jars));
                }
            }
        }
        return out;
    }

    private static List<Candidate> loadPlugin(Path origin, List<Path> jars) {
        String where = origin.toAbsolutePath().toString();
        String sha;
        List<URL> urls = new ArrayList<>();
        try {
            List<String> hashes = new ArrayList<>();
            for (Path jar : jars) {
                try (JarFile check = new JarFile(jar.toFile())) {
                    check.size(); // opens the central directory: a file that is not a zip fails here
                }
                hashes.add(sha256(jar));
                urls.add(jar.toUri().toURL());
            }
            sha = hashes.size() == 1 ? hashes.get(0) : sha256(String.join("\n", hashes));
        } catch (IOException e) {
            return List.of(failed(origin.getFileName().toString(), where, null, "not a readable JAR (zip) file: " + e));
        }
        PluginClassLoader loader = new PluginClassLoader(where, urls.toArray(URL[]::new), IndexerCatalog.class.getClassLoader());
        List<Candidate> out = new ArrayList<>();
        Iterator<ServiceLoader.Provider<IndexerProvider>> it = ServiceLoader.load(IndexerProvider.class, loader).stream().iterator();
        int found = 0;
        // ServiceLoader reports each broken provider line as an error and can go on to the next one
        for (int guard = 0; guard < 10_000; guard++) {
            ServiceLoader.Provider<IndexerProvider> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                found++;
                out.add(failed(origin.getFileName().toString(), where, sha, describeError(e)));
                continue;
            }
            found++;
            if (provider.type().getClassLoader() != loader) {
                continue; // a provider visible through the parent, not this plugin's own
            }
            try {
                out.add(describe(provider.get(), where, sha, loader));
            } catch (ServiceConfigurationError | LinkageError e) {
                out.add(failed(provider.type().getName(), where, sha, describeError(e)));
            }
        }
        if (found == 0) {
            out.add(failed(origin.getFileName().toString(), where, sha,
                    "declares no indexer: META-INF/services/" + IndexerProvider.class.getName() + " is missing or empty"));
        }
        return out;
    }

    private static String describeError(Throwable e) {
        StringBuilder sb = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append("; caused by ").append(c);
        }
        return sb.toString();
    }

    /** Asks a provider for its name, description, params and version; any throw makes it FAILED. */
    private static Candidate describe(IndexerProvider p, String origin, String sha, ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            String name = p.name();
            Map<String, Object> defaults = p.defaultParams();
            BaseIndexer indexer = p.create(defaults);
            if (!name.equals(indexer.name())) {
                return failed(name, origin, sha, "provider is named '" + name + "' but its indexer is named '"
                        + indexer.name() + "'");
            }
            CatalogEntry e = new CatalogEntry(name, p.description(), indexer.analysisVersion(), defaults, origin, sha,
                    CatalogEntry.Status.LOADED, "");
            return new Candidate(e, p, loader);
        } catch (RuntimeException | LinkageError e) {
            // a plugin's own bug: recorded as FAILED with its cause, never allowed to stop discovery
            return failed(p.getClass().getName(), origin, sha, "provider threw " + describeError(e));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Candidate failed(String name, String origin, String sha, String reason) {
        return new Candidate(new CatalogEntry(name, "", "", Map.of(), origin, sha, CatalogEntry.Status.FAILED, reason), null, null);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** @return the searched folders as absolute paths, for messages */
    String searchedDescription() {
        return searched.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList().toString();
    }

    /** @return the plugin folders this catalog searched, in order */
    public List<Path> searchedFolders() {
        return searched;
    }

    /** @return every entry, in discovery order (built-ins first) */
    public List<CatalogEntry> entries() {
        return entries;
    }

    /** @return the names of the LOADED indexers, sorted */
    public List<String> loadedNames() {
        return loaded.keySet().stream().sorted().toList();
    }

    /**
     * @param name an indexer name
     * @return its entry, if any entry has that name (LOADED preferred)
     */
    public Optional<CatalogEntry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name))
                .min((a, b) -> Boolean.compare(!a.isLoaded(), !b.isLoaded()));
    }

    /**
     * Creates a configured indexer; plugin indexers run with their own class loader as context loader.
     *
     * @param name a LOADED indexer's name
     * @param params param values (missing ones take defaults)
     * @return the indexer
     * @throws IllegalArgumentException when no such indexer is LOADED (naming the available ones and,
     *     when it was found but not loaded, why), or when the params are refused
     */
    public BaseIndexer create(String name, Map<String, Object> params) {
        Loaded l = loaded.get(name);
        if (l == null) {
            String why = find(name).map(e -> " (" + e.status() + ": " + e.reason() + ")").orElse("");
            throw new IllegalArgumentException("no loaded indexer '" + name + "'" + why + "; available: " + loadedNames()
                    + "; plugin folders searched: " + searchedDescription());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(l.loader());
        try {
            BaseIndexer indexer = l.provider().create(params);
            if (indexer == null || !name.equals(indexer.name())) {
                // its rows would go to another indexer's table, replacing that indexer's results
                throw new IllegalArgumentException("provider '" + name + "' (" + l.provider().getClass().getName()
                        + ") created an indexer named '" + (indexer == null ? null : indexer.name()) + "'; an indexer must"
                        + " carry its provider's name");
            }
            return new ContextClassLoaderIndexer(indexer, l.loader());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * What a run of an analysis records about where it came from: its params with the defaults filled in,
     * its origin (built-in or the plugin's JAR) and the JAR's hash.
     *
     * @param name the analysis
     * @param params the params it runs with (defaults may be left out)
     * @return the origin for {@link IndexOptions.Builder#origin}; "unknown" for an analysis not in the catalog
     */
    public IndexOptions.RunOrigin runOrigin(String name, Map<String, Object> params) {
        Map<String, Object> resolved = new java.util.TreeMap<>();
        find(name).ifPresent(e -> resolved.putAll(e.defaultParams()));
        resolved.putAll(params);
        return find(name).map(e -> new IndexOptions.RunOrigin(resolved, e.origin(), e.jarSha256()))
                .orElse(new IndexOptions.RunOrigin(resolved, "unknown", null));
    }

    /**
     * The columns an analysis's table puts first for a person (its indexer's {@code keyColumns}).
     *
     * @param table a table name
     * @param config the dataset's configuration, which the indexer is made with
     * @return the columns; none for a table that is not an analysis's, an analysis not loaded, or params this
     *     version of the analysis refuses (the order of columns is not worth failing for)
     */
    public List<String> keyColumns(String table, AnalysisConfig config) {
        if (!table.startsWith(NamePolicy.TABLE_PREFIX)) {
            return List.of();
        }
        String name = table.substring(NamePolicy.TABLE_PREFIX.length());
        if (find(name).filter(CatalogEntry::isLoaded).isEmpty()) {
            return List.of();
        }
        try {
            return create(name, config.paramsFor(name)).keyColumns();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /**
     * An analysis's params as an editor shows them: as its indexer describes them, then any param it left out
     * typed by its default (a plugin that describes none gets a plain key/value editor this way).
     *
     * @param name an analysis in the catalog
     * @return the params, the described ones first
     * @throws IllegalArgumentException when the analysis is not loaded
     */
    public List<org.kymflow.api.ParamSpec> describeParams(String name) {
        CatalogEntry entry = find(name).filter(CatalogEntry::isLoaded)
                .orElseThrow(() -> new IllegalArgumentException("no analysis '" + name + "'; available: " + loadedNames()));
        List<org.kymflow.api.ParamSpec> out = new java.util.ArrayList<>(create(name, entry.defaultParams()).describeParams());
        java.util.Set<String> described = new java.util.HashSet<>();
        out.forEach(p -> described.add(p.name()));
        entry.defaultParams().forEach((key, value) -> {
            if (!described.contains(key)) {
                out.add(org.kymflow.api.ParamSpec.of(key, value));
            }
        });
        return out;
    }
}
