package org.kymflow.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.ImageRows;
import org.kymflow.zarr.ZarrDatasetReader;
import org.kymflow.zarr.ZarrException;

/**
 * A KymFlow dataset opened for reading through the library: its images by the names a lab uses, its tables,
 * its analysis configuration, staleness, run log and checks. It has no write method; {@link DatasetWriter}
 * is the writer, which is also a reader. Applications (the command line, the viewer, the Fiji plugin) work
 * through these two types, and reach the storage ({@link #storage()}) only to hand it to library code.
 *
 * <p>Opening takes no lock and never blocks a writer; every file a writer replaces is replaced atomically,
 * so a reader sees the old file or the new one.
 */
public class DatasetReader implements AutoCloseable {
    private final ZarrDatasetReader storage;
    private Map<String, String> fileNames; // read once: the sources table changes only by ingest

    DatasetReader(ZarrDatasetReader storage) {
        this.storage = storage;
    }

    /**
     * @param folder the dataset folder, e.g. {@code lab.zarr}
     * @return the dataset, open for reading
     * @throws IllegalArgumentException when there is no folder or it is not a KymFlow dataset, saying how to
     *     make one
     * @throws org.kymflow.zarr.ZarrException when the dataset's root files cannot be read, naming the file
     */
    public static DatasetReader open(Path folder) {
        requireDataset(folder);
        return new DatasetReader(ZarrDatasetReader.open(folder));
    }

    /** An existing dataset or a clear refusal: opening for writing would otherwise turn any folder into one. */
    static void requireDataset(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no dataset at " + folder.toAbsolutePath()
                    + " (create one with 'kymflow init' or 'kymflow ingest')");
        }
        if (!Files.exists(folder.resolve(".zgroup"))) {
            throw new IllegalArgumentException(folder.toAbsolutePath() + " is not a KymFlow dataset (it has no .zgroup)");
        }
    }

    /** @return the storage under this dataset, for library code that takes it (exporters, table formats) */
    public ZarrDatasetReader storage() {
        return storage;
    }

    /** @return where the dataset lives */
    public String location() {
        return storage.location();
    }

    /** @return the dataset's root attributes (format, schema version, times) */
    public Map<String, Object> rootAttrs() {
        return storage.rootAttrs();
    }

    // ---- images ----

    /** @return every image id, sorted */
    public List<String> imageIds() {
        return storage.listImageIds();
    }

    /** @return every image id in the order a lab reads them: by source file name, then images without one by id */
    public List<String> imageIdsInFileOrder() {
        return ImageNames.inFileOrder(imageIds(), fileNames());
    }

    /** @return image id to its source file's name, for images that came from ingest */
    public Map<String, String> fileNames() {
        if (fileNames == null) {
            fileNames = SourceFiles.fileNames(storage);
        }
        return fileNames;
    }

    /**
     * @param imageId an image id
     * @return "file (id)" when the image's source file is known, else the id
     */
    public String label(String imageId) {
        return ImageNames.label(fileNames(), imageId);
    }

    /**
     * @param names ids, unique id prefixes or source file names, as a person types them
     * @return the image ids, in the order given
     * @throws IllegalArgumentException naming an unknown or ambiguous name and its candidates
     */
    public Set<String> resolve(List<String> names) {
        return ImageNames.resolve(storage, names);
    }

    /**
     * @param imageId an image id
     * @return its velocity events with what a person said about them ({@link EventLabels}): detected ones, added
     *     ones, and labels whose event a recompute removed (orphaned)
     */
    public List<EventLabels.Event> events(String imageId) {
        return events(List.of(imageId)).get(imageId);
    }

    /**
     * {@link #events(String)} of many images, reading the event and label tables once rather than once per
     * image (a summary or export of thousands of images).
     *
     * @param imageIds image ids
     * @return image id to its events, every given image (an empty list when it has none), in the given order
     */
    public Map<String, List<EventLabels.Event>> events(java.util.Collection<String> imageIds) {
        imageIds.forEach(storage::record); // an unknown image is named, not given no events
        return EventLabels.events(storage, imageIds);
    }

    /**
     * @param imageId an image id
     * @return its metadata payload ({@code header}, {@code experiment_metadata}, {@code rois}), or an empty map
     *     when it has none
     * @throws org.kymflow.zarr.ImageNotFoundException when there is no such image
     */
    public Map<String, Object> metadata(String imageId) {
        return ImageMetadata.payload(storage.record(imageId));
    }

    /**
     * @param imageId an image id
     * @return its file, acquisition time, shape, pixel type, scale, ROI count and experiment fields
     * @throws org.kymflow.zarr.ZarrException naming the file when the image cannot be read
     * @throws IllegalArgumentException naming the ROI when a ROI is malformed
     */
    public ImageFacts imageFacts(String imageId) {
        return ImageFacts.of(storage.record(imageId), fileNames().get(imageId));
    }

    /**
     * The facts of several images, going on past those that cannot be read.
     *
     * @param imageIds the images, in the order wanted
     * @param unreadable called with the id and the one-line cause of each image whose files cannot be read
     * @return the facts of the others, in the order given
     */
    public List<ImageFacts> imageFacts(List<String> imageIds, java.util.function.BiConsumer<String, String> unreadable) {
        List<ImageFacts> out = new java.util.ArrayList<>();
        for (String id : imageIds) {
            try {
                out.add(imageFacts(id));
            } catch (ZarrException | IllegalArgumentException e) {
                unreadable.accept(id, e.getMessage()); // one unreadable image is reported; the others are still read
            }
        }
        return out;
    }

    // ---- tables ----

    /** @return the names of the dataset's tables, sorted */
    public List<String> tableNames() {
        return storage.listTableNames();
    }

    /** @return every table with its row count and columns from its footer, or why it cannot be read */
    public List<TableSummary> describeTables() {
        List<TableSummary> out = new java.util.ArrayList<>();
        for (String name : tableNames()) {
            try {
                org.kymflow.zarr.TableInfo info = storage.describeTable(name);
                out.add(new TableSummary(name, info.rowCount(), info.schema().names(), null));
            } catch (ZarrException e) {
                out.add(new TableSummary(name, null, List.of(), e.getMessage())); // one bad table; the others are still read
            }
        }
        return out;
    }

    /**
     * @param table a table name
     * @return whether it exists
     */
    public boolean hasTable(String table) {
        return storage.hasTable(table);
    }

    /**
     * @param table a table name
     * @return its schema, from the file's footer
     */
    public Schema tableSchema(String table) {
        return storage.describeTable(table).schema();
    }

    /**
     * @param table a table name
     * @return its row count, from the file's footer
     */
    public long tableRowCount(String table) {
        return storage.describeTable(table).rowCount();
    }

    /**
     * @param table a table name
     * @param imageIds images
     * @return how many rows those images have in the table, from the footer's index
     */
    public long tableRowCount(String table, Set<String> imageIds) {
        return storage.tableImageIndex(table, List.of()).values().stream().filter(i -> imageIds.contains(i.imageId()))
                .mapToLong(ImageRows::rowCount).sum();
    }

    /**
     * Reads part of a table, touching only the row groups that can hold the images and the columns asked.
     *
     * @param table a table name
     * @param imageIds the images whose rows are wanted, or null for all
     * @param columns the columns wanted, or null for all
     * @param limit at most this many rows
     * @return the rows, in table order
     */
    public Table tableRows(String table, Set<String> imageIds, List<String> columns, long limit) {
        return storage.loadTableRows(table, imageIds, columns, limit);
    }

    /**
     * @param table a table name
     * @return the whole table
     */
    public Table table(String table) {
        return storage.loadTable(table);
    }

    /**
     * Reads a table one row group at a time, in bounded memory.
     *
     * @param table a table name
     * @param each called with each row group's rows, in table order
     */
    public void scanTable(String table, Consumer<Table> each) {
        storage.scanTable(table, each);
    }

    // ---- analyses ----

    /** @return the dataset's analysis configuration (the params every run, status and view uses) */
    public AnalysisConfig config() {
        return AnalysisConfig.load(storage);
    }

    /** @return staleness of the dataset's analyses, judged as a run would judge it */
    public Staleness staleness() {
        return new Staleness(storage);
    }

    /**
     * @return the provenance log: one entry per analysis run, newest first
     * @throws ZarrException naming the log's file when it cannot be read (the next run sets it aside)
     */
    public List<Map<String, Object>> runLog() {
        try {
            return RunLog.read(storage);
        } catch (ZarrException e) {
            throw new ZarrException(e.getMessage() + "; the next 'kymflow index' keeps it aside and starts a new log", e);
        }
    }

    /** @return the edit log: one entry per edit made through the library, newest first (see {@link EditLog}) */
    public List<Map<String, Object>> editLog() {
        return EditLog.read(storage);
    }

    /**
     * Checks the dataset: the on-disk contract (every file, image and table), the sources table against the
     * images, and the analysis tables against their run markers.
     *
     * @return the problems, each naming the file or image; empty when the dataset is sound
     */
    public List<String> validate() {
        List<String> problems = new java.util.ArrayList<>(storage.validate());
        problems.addAll(org.kymflow.runtime.ingest.Ingest.checkSources(storage));
        problems.addAll(new Staleness(storage).validateAnalyses());
        return problems;
    }

    /** @return whether the derived manifest lists other images than the dataset has (the next ingest rebuilds it) */
    public boolean isManifestStale() {
        return storage.isManifestStale();
    }

    /** Closes the dataset (a writer releases its lock). Idempotent. */
    @Override
    public void close() {
        storage.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + location() + "]";
    }
}
