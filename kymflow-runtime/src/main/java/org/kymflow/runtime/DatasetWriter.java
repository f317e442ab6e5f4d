package org.kymflow.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.MetadataKeys;
import org.kymflow.runtime.ingest.EditedMetadata;
import org.kymflow.runtime.ingest.Ingest;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * A KymFlow dataset opened for writing through the library: everything {@link DatasetReader} reads, plus
 * ingest, analysis runs, the analysis configuration, and edits of an image's ROIs and experiment metadata. It holds the dataset's writer lock until closed; a
 * second writer, in this process or another, is refused with
 * {@link org.kymflow.zarr.DatasetLockedException} naming the dataset.
 */
public final class DatasetWriter extends DatasetReader {
    private final ZarrDataset storage;
    private KymDataset runs; // made on the first run: its caches follow its own commits

    private DatasetWriter(ZarrDataset storage) {
        super(storage);
        this.storage = storage;
    }

    /**
     * @param folder an existing dataset folder
     * @return the dataset, open for writing
     * @throws IllegalArgumentException when there is no dataset there
     * @throws org.kymflow.zarr.DatasetLockedException when another writer holds it
     */
    public static DatasetWriter open(Path folder) {
        requireDataset(folder);
        return new DatasetWriter(ZarrDataset.open(folder, OpenMode.APPEND));
    }

    /**
     * Opens a dataset for writing, creating it when the folder does not hold one (as {@code ingest} does).
     *
     * @param folder the dataset folder
     * @return the dataset, open for writing
     * @throws org.kymflow.zarr.ZarrException when the folder holds something else, naming it
     */
    public static DatasetWriter openOrCreate(Path folder) {
        return new DatasetWriter(ZarrDataset.open(folder, OpenMode.APPEND));
    }

    /**
     * Creates an empty dataset.
     *
     * @param folder where; it must not hold a dataset already
     * @return the new dataset, open for writing
     * @throws IllegalArgumentException when a dataset is already there
     */
    public static DatasetWriter create(Path folder) {
        if (Files.exists(folder.resolve(".zgroup"))) {
            throw new IllegalArgumentException(folder + " already holds a dataset");
        }
        return openOrCreate(folder);
    }

    /**
     * Replaces a dataset with a new, empty one (an empty or absent folder is created).
     *
     * @param folder where
     * @return the new dataset, open for writing
     * @throws org.kymflow.zarr.ZarrException when the folder holds files that are not a KymFlow dataset
     */
    public static DatasetWriter replace(Path folder) {
        return new DatasetWriter(ZarrDataset.open(folder, OpenMode.WRITE));
    }

    @Override
    public ZarrDataset storage() {
        return storage;
    }

    /**
     * Adds every TIFF below a folder, with its header and sidecar (new or changed files only); see {@link Ingest}.
     *
     * @param folder the folder of TIFFs
     * @param prune whether to remove images whose source file is gone
     * @return what was added, updated, moved, failed and pruned
     * @throws IOException when the folder cannot be walked
     */
    public Ingest.Result ingest(Path folder, boolean prune) throws IOException {
        return Ingest.ingest(storage, folder, prune);
    }

    /**
     * {@link #ingest(Path, boolean)}, saying which side wins where a sidecar changed after its image's ROIs or
     * experiment metadata were edited here: by default the edits are kept and reported in
     * {@link Ingest.Result#conflicts()}.
     *
     * @param folder the folder of TIFFs
     * @param prune whether to remove images whose source file is gone
     * @param sidecarWins whether a changed sidecar replaces such edits
     * @return what was added, updated, moved, failed, pruned, and the conflicts
     * @throws IOException when the folder cannot be walked
     */
    public Ingest.Result ingest(Path folder, boolean prune, boolean sidecarWins) throws IOException {
        return Ingest.ingest(storage, folder, prune, sidecarWins);
    }

    /**
     * Runs one analysis: decides what is stale, computes it, commits its table and markers, and logs the run;
     * see {@link KymDataset#updateIndex(BaseIndexer, IndexOptions)}.
     *
     * @param indexer the analysis, configured
     * @param options mode, images, parallelism, keep-going, cancellation, progress, origin
     * @return the report
     */
    public IndexReport index(BaseIndexer indexer, IndexOptions options) {
        if (runs == null) {
            runs = new KymDataset(storage);
        }
        return runs.updateIndex(indexer, options);
    }

    /**
     * Saves the analysis configuration, atomically: the next run, status and view use it. Each analysis whose
     * params changed gets a row in the edit log.
     *
     * @param config the configuration
     */
    public void saveConfig(AnalysisConfig config) {
        AnalysisConfig before = config();
        config.save(storage);
        java.util.Set<String> names = new java.util.TreeSet<>(before.params().keySet());
        names.addAll(config.params().keySet());
        for (String name : names) { // one row per analysis whose params changed
            if (!java.util.Objects.equals(before.paramsFor(name), config.paramsFor(name))) {
                EditLog.append(storage, "params:" + name, null, config.paramsFor(name));
            }
        }
    }

    /**
     * Replaces an image's ROIs, as the Python app's ROI editor does: stored where ingest stores a sidecar's,
     * in the same form (the Python package reads them), after the same checks. The image's analyses become
     * stale (the ROIs are part of their params hash) and the next run recomputes them. Atomic: the image
     * keeps its old ROIs or gets all the new ones. A later ingest whose sidecar changed keeps the edit and reports
     * the conflict (see {@link #ingest(Path, boolean, boolean)}).
     *
     * @param imageId the image
     * @param rois the ROIs as JSON: {@code {roi_id, roi_type: "rect", data: {x0, x1, y0, y1}, channel?, z?,
     *     kind?}} (or the older v1.0 form)
     * @throws IllegalArgumentException naming the image and each bad ROI (not a rectangle, an unknown kind, a
     *     repeated id, outside the image, or empty); nothing is written then
     * @throws org.kymflow.zarr.ImageNotFoundException when there is no such image
     * @see EditLog
     */
    public void setRois(String imageId, List<?> rois) {
        ZarrImageRecord image = storage.record(imageId);
        ZarrImageRecord.ImageBounds bounds = image.imageBounds();
        List<String> problems = Rois.problems(rois, (int) bounds.height(), (int) bounds.width());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("image " + label(imageId) + ": " + String.join("; ", problems));
        }
        Map<String, Object> payload = new LinkedHashMap<>(ImageMetadata.payload(image));
        payload.put(MetadataKeys.ROIS, Rois.normalised(rois));
        EditedMetadata.markEdited(image, MetadataKeys.ROIS); // first: a later ingest must not overwrite the edit silently
        image.saveMetadataPayload(payload);
        EditLog.append(storage, MetadataKeys.ROIS, imageId, payload.get(MetadataKeys.ROIS));
    }

    /**
     * Replaces an image's experiment metadata (the sidecar's fields: condition, animal, vessel type, ...).
     * Analyses do not read it, so none becomes stale; summaries show the new values.
     *
     * @param imageId the image
     * @param fields field name to a JSON value (text, number, boolean or null)
     * @throws IllegalArgumentException naming the field when a value is not a JSON scalar
     * @throws org.kymflow.zarr.ImageNotFoundException when there is no such image
     */
    public void setExperimentMetadata(String imageId, Map<String, ?> fields) {
        ZarrImageRecord image = storage.record(imageId);
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            Object v = e.getValue();
            if (v != null && !(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
                throw new IllegalArgumentException("image " + label(imageId) + ": experiment field '" + e.getKey()
                        + "' must be text, a number, true/false or null, was " + v.getClass().getSimpleName());
            }
            if (v instanceof Double d && !Double.isFinite(d)) {
                throw new IllegalArgumentException("image " + label(imageId) + ": experiment field '" + e.getKey()
                        + "' is " + d + ", which JSON cannot hold");
            }
        }
        Map<String, Object> payload = new LinkedHashMap<>(ImageMetadata.payload(image));
        payload.put(MetadataKeys.EXPERIMENT_METADATA, new LinkedHashMap<>(fields));
        EditedMetadata.markEdited(image, MetadataKeys.EXPERIMENT_METADATA);
        image.saveMetadataPayload(payload);
        EditLog.append(storage, MetadataKeys.EXPERIMENT_METADATA, imageId, payload.get(MetadataKeys.EXPERIMENT_METADATA));
    }

    /**
     * Labels a velocity event: a detected one, one a person added, or an orphaned label ({@link EventLabels}).
     * Kept apart from the detector's rows, so recomputing the events keeps it; logged.
     *
     * @param imageId the image
     * @param eventId the event's id, as {@link DatasetReader#events} gives it
     * @param userType {@code unreviewed}, {@code true_stall}, {@code reversal} or {@code other}
     * @param note a note, or null
     * @param accepted accepted (true), rejected (false), or not said (null)
     * @return the event, labelled
     * @throws IllegalArgumentException naming an unknown event or label
     */
    public EventLabels.Event labelEvent(String imageId, String eventId, String userType, String note, Boolean accepted) {
        storage.record(imageId);
        EventLabels.Event e = EventLabels.label(storage, imageId, eventId, userType, note, accepted);
        EditLog.append(storage, "event_label", imageId, e.toJson());
        return e;
    }

    /**
     * Adds a velocity event a person saw (type {@code user_added}); logged.
     *
     * @param imageId the image
     * @param roiId its ROI, one of the image's
     * @param channel its channel
     * @param tStartS its start, s
     * @param tEndS its end, s, or null
     * @return the event
     * @throws IllegalArgumentException when the image has no such ROI, or the times are not an interval
     */
    public EventLabels.Event addEvent(String imageId, int roiId, int channel, double tStartS, Double tEndS) {
        if (org.kymflow.api.Roi.parseAll(ImageMetadata.payload(storage.record(imageId)).get(MetadataKeys.ROIS)).stream().noneMatch(r -> r.roiId() == roiId)) {
            throw new IllegalArgumentException("image " + label(imageId) + " has no ROI " + roiId);
        }
        EventLabels.Event e = EventLabels.add(storage, imageId, roiId, channel, tStartS, tEndS);
        EditLog.append(storage, "event_added", imageId, e.toJson());
        return e;
    }

    /**
     * Deletes an event a person added (a detected one is rejected instead, {@code accepted} false); logged.
     *
     * @param imageId the image
     * @param eventId the added event's id
     * @throws IllegalArgumentException naming an unknown or detected event
     */
    public void deleteEvent(String imageId, String eventId) {
        storage.record(imageId);
        EventLabels.delete(storage, imageId, eventId);
        EditLog.append(storage, "event_deleted", imageId, eventId);
    }

    /** Rebuilds and saves the derived manifest ({@code index/manifest.json.gz}) from the images as they are. */
    public void updateManifest() {
        storage.updateManifest();
    }
}
