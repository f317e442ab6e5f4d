package org.kymflow.viewer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.zarr.DatasetLockedException;

/**
 * The viewer's editing API ({@code kymflow view --edit}): requests that change the dataset (ROIs, params,
 * analysis runs), each a PUT, POST or DELETE under {@code /api/}, allowed only with the server's token in {@code X-Kymflow-Token} and without
 * a foreign {@code Origin} (a page of another site cannot make the browser send one; a script sends none and
 * is judged by the token). Edits go through the library's writer, which takes the dataset's lock for the
 * edit, checks it and logs it; a lock held by another process refuses the edit with who holds it.
 */
final class EditApi {
    /** The header that carries the token. */
    static final String TOKEN_HEADER = "X-Kymflow-Token";
    /** The largest request body read, bytes: a dataset's ROIs and params are far smaller. */
    static final int MAX_BODY = 1 << 20;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern ROIS = Pattern.compile("/api/images/([^/]+)/rois");
    private static final Pattern PARAMS = Pattern.compile("/api/params/([^/]+)");
    private static final Pattern EXPERIMENT = Pattern.compile("/api/images/([^/]+)/experiment");
    /** An image's events. */
    static final Pattern EVENTS = Pattern.compile("/api/images/([^/]+)/events");
    private static final Pattern EVENT = Pattern.compile("/api/images/([^/]+)/events/([0-9]{1,9})/([A-Za-z0-9_-]{1,80})");
    private static final Pattern LABEL = Pattern.compile("/api/images/([^/]+)/events/([0-9]{1,9})/([A-Za-z0-9_-]{1,80})/label");
    /** A run's path. */
    static final Pattern RUN = Pattern.compile("/api/runs/([0-9]{1,18})");

    private final Path dataset;
    private final IndexerCatalog catalog;
    private final String token;
    private final RunsApi runs;
    private final Object edits = new Object();

    /**
     * @param dataset the dataset folder
     * @param catalog the analyses whose params may be set
     * @param token the token every change must carry, or null when nothing may change
     */
    EditApi(Path dataset, IndexerCatalog catalog, String token) {
        this.dataset = dataset;
        this.catalog = catalog;
        this.token = token;
        this.runs = new RunsApi(dataset, catalog);
    }

    /** @return the runs started from the viewer */
    RunsApi runs() {
        return runs;
    }

    /** @return a new token: 192 random bits, URL-safe ({@code [A-Za-z0-9_-]}) */
    static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return the token */
    String token() {
        return token;
    }

    /** A refused or failed change: its status and one line for the page. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * Checks that a request may change anything: the token, and an {@code Origin}, when there is one, that is
     * the server's own.
     *
     * @param ex the request
     * @param own the server's address
     * @throws Refused 403 otherwise
     */
    void authorise(HttpExchange ex, URI own) {
        String given = ex.getRequestHeaders().getFirst(TOKEN_HEADER);
        // compared in constant time, so the time of a refusal does not tell how much of a guess was right
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new Refused(403, given == null ? "this change needs the token the server printed (header " + TOKEN_HEADER + ")"
                    : "wrong token");
        }
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String self = "http://" + own.getHost() + ":" + own.getPort();
        String named = "http://localhost:" + own.getPort();
        if (origin != null && !origin.equals(self) && !origin.equals(named)) {
            throw new Refused(403, "requests from " + origin + " may not change this dataset");
        }
    }

    /**
     * Serves a change: {@code PUT /api/images/IMAGE/rois} (the full list, in the sidecar form),
     * {@code PUT /api/images/IMAGE/experiment} (the experiment metadata, all fields),
     * {@code PUT /api/params/ANALYSIS} (params to set; null values restore defaults), event labels, user
     * events and runs.
     *
     * @param ex the request, authorised
     * @param imageOf resolves an image id, prefix or file name to its id (404 when unknown)
     * @return the response body
     * @throws IOException when the body cannot be read
     * @throws Refused with the status for the page
     */
    Object change(HttpExchange ex, java.util.function.UnaryOperator<String> imageOf) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        if (path.equals("/api/runs") || RUN.matcher(path).matches()) {
            return run(ex, imageOf, path, method);
        }
        // One edit at a time: two quick edits from the page (a field, then the next) both succeed rather than
        // the second finding the dataset's lock taken by the first.
        synchronized (edits) {
            return edit(ex, imageOf, path, method);
        }
    }

    private Object edit(HttpExchange ex, java.util.function.UnaryOperator<String> imageOf, String path, String method) throws IOException {
        Matcher m;
        if ((m = ROIS.matcher(path)).matches()) {
            requireMethod(method, "PUT");
            String id = imageOf.apply(KymViewer.decode(m.group(1)));
            if (!(body(ex) instanceof List<?> rois)) {
                throw new Refused(400, "the body is the image's ROIs: a JSON array");
            }
            try (DatasetWriter ds = writer()) {
                ds.setRois(id, rois);
                return Map.of("image_id", id, "rois", ds.imageFacts(id).rois());
            }
        }
        if ((m = EXPERIMENT.matcher(path)).matches()) {
            requireMethod(method, "PUT");
            String id = imageOf.apply(KymViewer.decode(m.group(1)));
            if (!(body(ex) instanceof Map<?, ?> given)) {
                throw new Refused(400, "the body is the image's experiment metadata: a JSON object of fields");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            given.forEach((k, v) -> fields.put(String.valueOf(k), v));
            try (DatasetWriter ds = writer()) {
                ds.setExperimentMetadata(id, fields);
                return Map.of("image_id", id, "experiment", fields);
            }
        }
        if ((m = PARAMS.matcher(path)).matches()) {
            requireMethod(method, "PUT");
            String name = KymViewer.decode(m.group(1));
            Object body = body(ex);
            if (!(body instanceof Map<?, ?> given)) {
                throw new Refused(400, "the body is the params to set: a JSON object ({} or null values restore defaults)");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            given.forEach((k, v) -> values.put(String.valueOf(k), v));
            try (DatasetWriter ds = writer()) {
                org.kymflow.runtime.AnalysisConfig config = values.isEmpty() ? ds.config().reset(name, null)
                        : ds.config().with(catalog, name, values);
                ds.saveConfig(config);
                return config.toJson(catalog).get(name);
            }
        }
        if ((m = LABEL.matcher(path)).matches()) {
            requireMethod(method, "PUT");
            String id = imageOf.apply(KymViewer.decode(m.group(1)));
            if (!(body(ex) instanceof Map<?, ?> label)) {
                throw new Refused(400, "the body is {\"user_type\": ..., \"note\": ..., \"accepted\": ...}");
            }
            Object type = label.containsKey("user_type") ? label.get("user_type") : "unreviewed";
            Object note = label.get("note");
            Object accepted = label.get("accepted");
            if (!(type instanceof String) || note != null && !(note instanceof String) || accepted != null && !(accepted instanceof Boolean)) {
                throw new Refused(400, "user_type is text, note text or null, accepted true, false or null");
            }
            try (DatasetWriter ds = writer()) {
                return ds.labelEvent(id, m.group(3), (String) type, (String) note, (Boolean) accepted).toJson();
            }
        }
        if ((m = EVENTS.matcher(path)).matches()) {
            requireMethod(method, "POST");
            String id = imageOf.apply(KymViewer.decode(m.group(1)));
            if (!(body(ex) instanceof Map<?, ?> event) || !(event.get("roi_id") instanceof Number roi)
                    || !(event.get("t_start_s") instanceof Number start) || event.get("t_end_s") != null && !(event.get("t_end_s") instanceof Number)) {
                throw new Refused(400, "the body is {\"roi_id\": N, \"t_start_s\": S, \"t_end_s\": S, \"channel\": 1}");
            }
            int channel = event.get("channel") instanceof Number c ? c.intValue() : 1;
            Double end = event.get("t_end_s") instanceof Number e ? e.doubleValue() : null;
            try (DatasetWriter ds = writer()) {
                return ds.addEvent(id, roi.intValue(), channel, start.doubleValue(), end).toJson();
            }
        }
        if ((m = EVENT.matcher(path)).matches()) {
            requireMethod(method, "DELETE");
            String id = imageOf.apply(KymViewer.decode(m.group(1)));
            try (DatasetWriter ds = writer()) {
                ds.deleteEvent(id, m.group(3));
                return Map.of("deleted", m.group(3));
            }
        }
        throw new Refused(404, "no such API path to change");
    }

    private Object run(HttpExchange ex, java.util.function.UnaryOperator<String> imageOf, String path, String method) throws IOException {
        Matcher m;
        if (path.equals("/api/runs")) {
            requireMethod(method, "POST");
            Object body = body(ex);
            Map<?, ?> given = body == null ? Map.of() : body instanceof Map<?, ?> m2 ? m2 : null;
            if (given == null) {
                throw new Refused(400, "the body is {\"analyses\": [...], \"images\": [...]}, both optional");
            }
            java.util.Set<String> images = new java.util.LinkedHashSet<>();
            for (Object name : list(given.get("images"), "images")) {
                images.add(imageOf.apply(String.valueOf(name)));
            }
            List<String> analyses = list(given.get("analyses"), "analyses").stream().map(String::valueOf).toList();
            return Map.of("run", runs.start(analyses, images));
        }
        if ((m = RUN.matcher(path)).matches()) {
            requireMethod(method, "DELETE");
            return runs.cancel(m.group(1));
        }
        throw new Refused(404, "no such API path to change");
    }

    private static List<?> list(Object value, String key) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l;
        }
        throw new Refused(400, "'" + key + "' is a list of names");
    }

    /**
     * The workbench's reads, which need no token: {@code /api/images/IMAGE/rois}, {@code /api/images/IMAGE/events},
     * {@code /api/params} and {@code /api/runs/ID}.
     *
     * @param path the request's raw path
     * @param imageOf resolves an image id, prefix or file name to its id (404 when unknown)
     * @return the answer, or null when the path is none of these
     * @throws Refused 404 for an unknown run
     */
    Object read(String path, java.util.function.UnaryOperator<String> imageOf) {
        Matcher m;
        if ((m = ROIS.matcher(path)).matches()) {
            String id = imageOf.apply(KymViewer.decode(m.group(1)));
            try (org.kymflow.runtime.DatasetReader ds = org.kymflow.runtime.DatasetReader.open(dataset)) {
                return org.kymflow.runtime.Rois.normalised(ds.imageFacts(id).rois());
            }
        }
        if ((m = EVENTS.matcher(path)).matches()) {
            return events(imageOf.apply(KymViewer.decode(m.group(1))));
        }
        if (path.equals("/api/params")) {
            return params();
        }
        if ((m = RUN.matcher(path)).matches()) {
            return runs.state(m.group(1));
        }
        return null;
    }

    /**
     * @param imageId an image id
     * @return its velocity events with their labels, as JSON
     */
    Object events(String imageId) {
        try (org.kymflow.runtime.DatasetReader ds = org.kymflow.runtime.DatasetReader.open(dataset)) {
            return ds.events(imageId).stream().map(org.kymflow.runtime.EventLabels.Event::toJson).toList();
        }
    }

    /** @return every loaded analysis's effective params, as {@code kymflow params --json} */
    Object params() {
        try (org.kymflow.runtime.DatasetReader ds = org.kymflow.runtime.DatasetReader.open(dataset)) {
            return ds.config().toJson(catalog);
        }
    }

    private DatasetWriter writer() {
        try {
            return DatasetWriter.open(dataset);
        } catch (DatasetLockedException e) {
            if (runs.running()) {
                throw new Refused(409, "a run started from this page is writing the dataset; nothing was changed (edit when it ends,"
                        + " or cancel it)");
            }
            // the dataset's location in the message becomes its folder name when the answer is sent
            throw new Refused(409, "the dataset is being written by another process; nothing was changed (" + e.getMessage() + ")");
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new Refused(405, method + " is not allowed here; use " + allowed);
        }
    }

    /** The request's JSON body, at most {@link #MAX_BODY} bytes. */
    private static Object body(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new Refused(413, "the body is larger than " + MAX_BODY + " bytes");
        }
        try {
            return JSON.readValue(bytes, Object.class);
        } catch (JsonProcessingException e) {
            throw new Refused(400, "the body is not JSON: " + e.getOriginalMessage());
        }
    }
}
