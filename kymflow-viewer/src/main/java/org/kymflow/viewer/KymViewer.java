package org.kymflow.viewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kymflow.api.BaseIndexer;
import org.kymflow.zarr.ChangeTokens;
import org.kymflow.zarr.ZarrDatasetReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only local web viewer of a dataset: a dataset page, an image page and the JSON API under
 * {@code /api/} that both pages use (documented in the README). Built on the JDK's
 * {@code com.sun.net.httpserver}: a handful of GET routes on loopback need no framework.
 *
 * <p>Read-only by construction: only GET and HEAD are answered (anything else gets 405), the dataset is
 * opened read-only for each request (so a concurrent {@code kymflow index} is fine, and a reload shows
 * its new results), and every path is resolved through the dataset API by image id and table name, never
 * by joining it to a file-system path, so {@code ..} and encoded variants cannot leave the dataset.
 */
public final class KymViewer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KymViewer.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Seconds a client has to send its whole request before its connection is closed (see {@link #start}). */
    static final int REQUEST_SECONDS = 10;
    /** Worker threads: a page asks for several things at once, and a few slow clients must not starve it. */
    private static final int WORKERS = 16;
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + Versions.UPLOT + "/dist/";
    /** Static files by URL path: a fixed list, so no request names a resource or file of its own choosing. */
    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset("org/kymflow/viewer/static/index.html", "text/html; charset=utf-8"),
            "/image", new Asset("org/kymflow/viewer/static/image.html", "text/html; charset=utf-8"),
            "/static/viewer.css", new Asset("org/kymflow/viewer/static/viewer.css", "text/css; charset=utf-8"),
            "/static/dataset.js", new Asset("org/kymflow/viewer/static/dataset.js", "text/javascript; charset=utf-8"),
            "/static/image.js", new Asset("org/kymflow/viewer/static/image.js", "text/javascript; charset=utf-8"),
            "/static/edit.js", new Asset("org/kymflow/viewer/static/edit.js", "text/javascript; charset=utf-8"),
            "/vendor/uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "/vendor/uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));
    private static final Pattern IMAGE = Pattern.compile("/api/images/([^/]+)");
    private static final Pattern KYMOGRAPH = Pattern.compile("/api/images/([^/]+)/kymograph\\.png");
    private static final Pattern TRACES = Pattern.compile("/api/images/([^/]+)/traces");
    private static final Pattern TABLE_CSV = Pattern.compile("/api/images/([^/]+)/tables/([^/]+)\\.csv");
    private static final Pattern FIGURE = Pattern.compile("/api/images/([^/]+)/figure\\.(png|svg)");

    private final Path dataset;
    private final DatasetPages pages;
    private final HttpServer server;
    private final ExecutorService workers;
    private final java.util.concurrent.atomic.AtomicReference<DatasetPage> lastPage = new java.util.concurrent.atomic.AtomicReference<>();
    private final Object pageBuild = new Object();
    /** The editing API, or null when the viewer is read-only. */
    private volatile EditApi edits;

    private KymViewer(Path dataset, DatasetPages pages, HttpServer server, ExecutorService workers) {
        this.dataset = dataset;
        this.pages = pages;
        this.server = server;
        this.workers = workers;
    }

    /**
     * Starts the viewer over every analysis of a catalog, read-only or with editing: ROIs and params changed
     * through the JSON API, each change carrying the token this viewer makes ({@link #token()}).
     *
     * @param dataset the dataset folder
     * @param catalog the analyses whose state the pages show and whose params may be edited
     * @param host the address to bind; with editing it must be a loopback address
     * @param port the port, or 0 for a free one
     * @param editing whether changes are allowed
     * @return the running viewer
     * @throws IllegalArgumentException when editing is asked for on an address other machines can reach
     * @throws org.kymflow.zarr.ZarrException when the folder is not a readable dataset
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static KymViewer start(Path dataset, org.kymflow.runtime.IndexerCatalog catalog, String host, int port, boolean editing) {
        if (editing && !isLoopback(host)) {
            throw new IllegalArgumentException("editing is served on this machine only (127.0.0.1, ::1 or localhost), not on " + host);
        }
        KymViewer viewer = start(dataset, config -> org.kymflow.runtime.IndexPlan.resolve(catalog, catalog.loadedNames(),
                config.overlaid(Map.of())).order(), host, port);
        viewer.edits = new EditApi(viewer.dataset, catalog, editing ? EditApi.newToken() : null);
        return viewer;
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** @return the token every change must carry in {@code X-Kymflow-Token}; null when the viewer is read-only */
    public String token() {
        EditApi e = edits;
        return e == null ? null : e.token();
    }

    /**
     * Opens the dataset once to check it, then starts serving it.
     *
     * @param dataset the dataset folder
     * @param plan the analyses whose state the pages show, inputs first, as they would run (see
     *     {@code org.kymflow.runtime.IndexPlan})
     * @param host the address to bind (127.0.0.1 keeps the viewer to this machine)
     * @param port the port, or 0 for a free one
     * @return the running viewer
     * @throws org.kymflow.zarr.ZarrException when the folder is not a readable dataset
     * @throws UncheckedIOException when the address cannot be bound (a port in use, say)
     */
    public static KymViewer start(Path dataset, List<BaseIndexer> plan, String host, int port) {
        List<BaseIndexer> fixed = List.copyOf(plan);
        return start(dataset, config -> fixed, host, port);
    }

    /**
     * Opens the dataset once to check it, then starts serving it, judging fresh and stale with the dataset's
     * analysis configuration as it is at each request (a param set while the viewer runs is seen at once).
     *
     * @param dataset the dataset folder
     * @param planner the analyses whose state the pages show, inputs first, resolved with a configuration
     *     (for example {@code config -> IndexPlan.resolve(catalog, names, config.overlaid(Map.of())).order()})
     * @param host the address to bind (127.0.0.1 keeps the viewer to this machine)
     * @param port the port, or 0 for a free one
     * @return the running viewer
     * @throws org.kymflow.zarr.ZarrException when the folder is not a readable dataset
     * @throws UncheckedIOException when the address cannot be bound (a port in use, say)
     */
    public static KymViewer start(Path dataset, java.util.function.Function<org.kymflow.runtime.AnalysisConfig,
            List<BaseIndexer>> planner, String host, int port) {
        Path location = dataset.toAbsolutePath().normalize();
        try (ZarrDatasetReader ds = ZarrDatasetReader.open(location)) {
            ds.listImageIds(); // fails now, with the dataset's own message, rather than on the first request
        }
        // Without TCP_NODELAY a response written as headers then body waits for the client's delayed ACK
        // (about 40 ms on Linux loopback). The JDK server reads this property once, when it first starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // A client that opens a connection and never finishes its request would hold a worker for ever; the
        // JDK server closes such connections after this many seconds (read once, when it first starts).
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS));
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "kymflow-viewer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        KymViewer viewer = new KymViewer(location, new DatasetPages(planner), server, workers);
        server.createContext("/", viewer::handle);
        server.setExecutor(workers);
        server.start();
        // The dataset page is built once now, so the browser that opens it first finds it ready. A failure
        // here is logged; the first request builds the page again and shows the error to whoever asked.
        java.util.concurrent.CompletableFuture.runAsync(() -> viewer.withDataset(viewer::datasetPage), workers)
                .exceptionally(e -> {
                    LOG.warn("building the dataset page in advance failed (the first request will try again): {}", e.toString());
                    return null;
                });
        return viewer;
    }

    /** @return the address the viewer answers at, e.g. {@code http://127.0.0.1:8765/} */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** @return the dataset folder served */
    public Path dataset() {
        return dataset;
    }

    /** Stops serving; requests in flight get a second to finish. */
    @Override
    public void close() {
        EditApi e = edits;
        if (e != null) {
            e.runs().close();
        }
        server.stop(1);
        workers.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            EditApi editing = edits;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                if (editing == null || editing.token() == null) {
                    ex.getResponseHeaders().set("Allow", "GET, HEAD");
                    sendJson(ex, 405, error("the viewer is read-only: " + method + " is not allowed (kymflow view --edit allows changes)"));
                    return;
                }
                change(ex, editing);
                return;
            }
            try {
                route(ex);
            } catch (NotFound e) {
                sendJson(ex, 404, error(e.getMessage()));
            } catch (EditApi.Refused e) {
                sendJson(ex, e.status(), error(publicMessage(e.getMessage())));
            } catch (IllegalArgumentException e) {
                sendJson(ex, 400, error(publicMessage(e.getMessage())));
            } catch (org.kymflow.zarr.ZarrException | org.kymflow.runtime.IndexingException | UncheckedIOException
                     | IllegalStateException e) {
                // What reading a dataset can fail with: one line in the log, the cause (no paths) to whoever asked
                LOG.error("{} {} failed: {}", method, ex.getRequestURI().getRawPath(), e.getMessage());
                sendJson(ex, 500, error(publicMessage(e.getMessage())));
            }
        }
    }

    /** A change through the editing API: refused (403), or done by the library, or why not in one line. */
    private void change(HttpExchange ex, EditApi editing) throws IOException {
        try {
            editing.authorise(ex, uri());
            sendJson(ex, 200, editing.change(ex, id -> withDataset(ds -> known(ds, id))));
        } catch (EditApi.Refused e) {
            sendJson(ex, e.status(), error(publicMessage(e.getMessage())));
        } catch (NotFound e) {
            sendJson(ex, 404, error(e.getMessage()));
        } catch (IllegalArgumentException e) {
            sendJson(ex, 400, error(publicMessage(e.getMessage())));
        } catch (org.kymflow.zarr.ZarrException | UncheckedIOException | IllegalStateException e) {
            LOG.error("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.getMessage());
            sendJson(ex, 500, error(publicMessage(e.getMessage())));
        }
    }

    /**
     * A message for the page: the dataset's absolute location becomes its folder name, so a response never
     * tells a client where on this machine the data lives.
     */
    private String publicMessage(String message) {
        return message == null ? "the request failed" : publicMessage(dataset, message);
    }

    /**
     * @param dataset the dataset folder
     * @param message a message that may name it
     * @return the message with the folder's absolute location replaced by its name
     */
    static String publicMessage(Path dataset, String message) {
        return message.replace(dataset.toString(), String.valueOf(dataset.getFileName()));
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        Asset asset = ASSETS.get(path.startsWith("/image/") ? "/image" : path); // /image/NAME: the page, found by file name
        if (asset != null) {
            send(ex, 200, asset.contentType(), asset.bytes());
            return;
        }
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        if (path.equals("/api/images")) {
            DatasetPage page = withDataset(this::datasetPage);
            ex.getResponseHeaders().set("ETag", "\"" + page.token() + "\"");
            ex.getResponseHeaders().set("Cache-Control", "no-cache"); // the browser asks again, with the ETag
            if (("\"" + page.token() + "\"").equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            send(ex, 200, "application/json; charset=utf-8", page.json());
            return;
        }
        Matcher m;
        Object answer;
        if ((m = IMAGE.matcher(path)).matches()) {
            String id = decode(m.group(1));
            sendJson(ex, 200, withDataset(ds -> pages.imagePage(ds, known(ds, id))));
        } else if ((m = TRACES.matcher(path)).matches()) {
            String id = decode(m.group(1));
            sendJson(ex, 200, withDataset(ds -> pages.traces(ds, known(ds, id))));
        } else if (edits != null && (answer = edits.read(path, name -> withDataset(ds -> known(ds, name)))) != null) {
            sendJson(ex, 200, answer); // the workbench's reads: ROIs, events, params, runs
        } else if ((m = FIGURE.matcher(path)).matches()) { // "Save figure": kymflow plot of the view
            String name = decode(m.group(1));
            String id = withDataset(ds -> known(ds, name));
            boolean svg = m.group(2).equals("svg");
            KymographPlot.View view = Figures.view(query);
            Map<Integer, Double> heartRates = withDataset(ds -> pages.freshHeartRates(ds, id));
            byte[] figure = Figures.figure(dataset, id, view, heartRates, svg);
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + id + (svg ? ".svg\"" : ".png\""));
            send(ex, 200, svg ? "image/svg+xml" : "image/png", figure);
        } else if ((m = KYMOGRAPH.matcher(path)).matches()) {
            String id = decode(m.group(1));
            byte[] png = withDataset(ds -> KymographImage.tile(ds.record(known(ds, id)), query));
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            send(ex, 200, "image/png", png);
        } else if ((m = TABLE_CSV.matcher(path)).matches()) {
            String id = decode(m.group(1));
            String table = decode(m.group(2));
            String csv = withDataset(ds -> {
                if (!ds.listTableNames().contains(table)) {
                    throw new NotFound("no such table");
                }
                return pages.tableCsv(ds, known(ds, id), table);
            });
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + table + "_" + id + ".csv\"");
            send(ex, 200, "text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8));
        } else {
            throw new NotFound(path.startsWith("/api/") ? "no such API path" : "no such page");
        }
    }

    /**
     * The dataset page, built again only when a file of the dataset changed since the last one: checking
     * every image's staleness reads thousands of small files, while the change token only lists them.
     */
    private DatasetPage datasetPage(ZarrDatasetReader ds) {
        ChangeTokens tokens = ds.changeTokens(); // before reading: a write during the build makes the next differ
        String token = tokens.dataset();
        DatasetPage last = lastPage.get();
        if (last != null && last.token().equals(token)) {
            return last;
        }
        synchronized (pageBuild) { // one build at a time: a request that arrives during one waits for it and uses it
            last = lastPage.get();
            if (last != null && last.token().equals(token)) {
                return last;
            }
            try {
                DatasetPage page = new DatasetPage(token, JSON.writeValueAsBytes(pages.datasetPage(ds, dataset, tokens.images())));
                lastPage.set(page);
                return page;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write the dataset page as JSON: " + e.getMessage(), e);
            }
        }
    }

    private <T> T withDataset(java.util.function.Function<ZarrDatasetReader, T> read) {
        try (ZarrDatasetReader ds = ZarrDatasetReader.open(dataset)) {
            return read.apply(ds);
        }
    }

    /**
     * The image's id, from an id (the dataset's own lookup checks that one image, where listing every image
     * would stat them all), a unique id prefix or a source file name; anything else (a traversal attempt
     * included) is a 404.
     */
    private static String known(ZarrDatasetReader ds, String id) {
        try {
            ds.record(id); // refuses ids with a separator or a leading dot, then looks for that image only
            return id;
        } catch (org.kymflow.zarr.ImageNotFoundException | IllegalArgumentException e) {
            // not an id: a unique id prefix or a source file name, as the command line takes them
        }
        try {
            return org.kymflow.runtime.ImageNames.resolve(ds, List.of(id)).iterator().next();
        } catch (IllegalArgumentException e) {
            throw new NotFound(e.getMessage()); // names candidates by file name, never by path
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    /** A path segment as the page encoded it ({@code encodeURIComponent}): a {@code +} is a plus, not a space. */
    static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message == null ? "" : message);
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A request for something the dataset does not have: 404 with a JSON error, never a file-system path. */
    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    /** The dataset page's JSON and the change token of the dataset it was built from. */
    private record DatasetPage(String token, byte[] json) {
    }

    /** A static file from the class path and its content type. */
    private record Asset(String resource, String contentType) {
        byte[] bytes() throws IOException {
            try (InputStream in = KymViewer.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the viewer's resource " + resource + " is missing from its jar");
                }
                return in.readAllBytes();
            }
        }
    }
}
