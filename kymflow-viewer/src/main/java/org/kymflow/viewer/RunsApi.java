package org.kymflow.viewer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.kymflow.api.BaseIndexer;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexReport;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.RunStatus;

/**
 * Analysis runs started from the viewer ({@code POST /api/runs}), one at a time, in the server through the
 * library as {@code kymflow index} runs them: the run holds the dataset's writer lock, reports each image as
 * it finishes, can be cancelled between images (what finished is committed), and ends with the same reports
 * as {@code kymflow index --json}.
 */
final class RunsApi {
    /** Runs kept for their state to be asked: the last few. */
    private static final int KEPT = 20;

    private final Path dataset;
    private final IndexerCatalog catalog;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kymflow-viewer-run");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean busy = new AtomicBoolean();

    /**
     * @param dataset the dataset folder
     * @param catalog the analyses that may run
     */
    RunsApi(Path dataset, IndexerCatalog catalog) {
        this.dataset = dataset;
        this.catalog = catalog;
    }

    /** One run's state, as {@code GET /api/runs/ID} answers it. */
    static final class Run {
        final String id;
        final AtomicInteger done = new AtomicInteger();
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile int total;
        volatile String state = "running";
        volatile String error;
        final List<Map<String, Object>> reports = new ArrayList<>();

        Run(String id) {
            this.id = id;
        }

        synchronized Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", id);
            m.put("state", state);
            m.put("done", done.get());
            m.put("total", total);
            m.put("report", List.copyOf(reports));
            if (error != null) {
                m.put("error", error);
            }
            return m;
        }
    }

    /** @return whether a run started from the viewer is in progress (it holds the dataset's writer) */
    boolean running() {
        return busy.get();
    }

    /**
     * Starts a run.
     *
     * @param analyses the analyses (their inputs come first); empty for every loaded one, as {@code index --all}
     * @param images image ids; empty for every image
     * @return the run's id
     * @throws EditApi.Refused 409 while a run is in progress, 400 naming an unknown analysis
     */
    String start(List<String> analyses, Set<String> images) {
        List<String> names = analyses.isEmpty() ? catalog.loadedNames() : analyses;
        List<BaseIndexer> order;
        try (org.kymflow.runtime.DatasetReader ds = org.kymflow.runtime.DatasetReader.open(dataset)) {
            order = IndexPlan.resolve(catalog, names, ds.config().overlaid(Map.of())).order();
        } catch (IllegalArgumentException e) {
            throw new EditApi.Refused(400, e.getMessage());
        }
        if (!busy.compareAndSet(false, true)) {
            throw new EditApi.Refused(409, "a run is in progress; wait for it or cancel it");
        }
        Run run = new Run(String.valueOf(ids.incrementAndGet()));
        runs.put(run.id, run);
        runs.keySet().removeIf(id -> Long.parseLong(id) <= ids.get() - KEPT);
        runner.execute(() -> {
            try {
                execute(run, order, images);
            } finally {
                if (run.state.equals("running")) { // ended by an exception execute does not expect: the page stops waiting
                    run.error = "the run stopped on an unexpected error; the server's log has it";
                    run.state = "failed";
                }
                busy.set(false);
            }
        });
        return run.id;
    }

    private void execute(Run run, List<BaseIndexer> order, Set<String> images) {
        try (DatasetWriter ds = DatasetWriter.open(dataset)) {
            Set<String> selected = images.isEmpty() ? new LinkedHashSet<>(ds.imageIds()) : images;
            run.total = selected.size() * order.size();
            AnalysisConfig config = ds.config();
            for (BaseIndexer indexer : order) {
                int before = run.done.get();
                IndexOptions options = IndexOptions.builder().images(selected).cancelled(run.cancelled::get)
                        .origin(catalog.runOrigin(indexer.name(), config.paramsFor(indexer.name())))
                        .progress((done, total, id) -> run.done.set(before + done)).build();
                IndexReport report = ds.index(indexer, options);
                synchronized (run) {
                    run.reports.add(report.toJson());
                }
                run.done.set(before + selected.size()); // fresh images report no progress: the step is done
                if (report.status() == RunStatus.INTERRUPTED || run.cancelled.get()) {
                    run.state = "cancelled";
                    return;
                }
            }
            run.state = "done";
        } catch (org.kymflow.zarr.DatasetLockedException e) {
            run.error = "the dataset is being written by another process; nothing was run (" + withoutPath(e) + ")"; // says who
            run.state = "failed";
        } catch (IllegalArgumentException | IllegalStateException | org.kymflow.zarr.ZarrException | java.io.UncheckedIOException
                 | org.kymflow.runtime.IndexingException e) {
            run.error = withoutPath(e);
            run.state = "failed";
        }
    }

    /** An error's message with the dataset's folder named by its name only: the page never learns where data lives. */
    private String withoutPath(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : KymViewer.publicMessage(dataset, e.getMessage());
    }

    /**
     * @param id a run's id
     * @return its state
     * @throws EditApi.Refused 404 when there is no such run
     */
    Map<String, Object> state(String id) {
        Run run = runs.get(id);
        if (run == null) {
            throw new EditApi.Refused(404, "no run " + id);
        }
        return run.toJson();
    }

    /**
     * Asks a run to stop between images; what finished is committed.
     *
     * @param id a run's id
     * @return its state
     */
    Map<String, Object> cancel(String id) {
        Run run = runs.get(id);
        if (run == null) {
            throw new EditApi.Refused(404, "no run " + id);
        }
        run.cancelled.set(true);
        return run.toJson();
    }

    /** Stops taking runs; the one in progress is cancelled. */
    void close() {
        runs.values().forEach(r -> r.cancelled.set(true));
        runner.shutdown();
    }
}
