package org.kymflow.runtime.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kymflow.runtime.Failures;
import org.kymflow.runtime.SourceFiles;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.PythonJson;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrDatasetReader;
import org.kymflow.zarr.ZarrImageReader;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * Brings a lab's folder into a dataset: every {@code *.tif} below it becomes a record, with the Olympus
 * {@code .txt} header (delx, delt, acquisition time) and the kymflow {@code .json} sidecar (ROIs,
 * experiment metadata) beside it. Re-running ingests only new or changed files (by size and mtime), and
 * reads again a file whose stored pixels are damaged.
 *
 * <p>Resumable: each new image is added with its {@code analysis/provenance.json} and metadata in one step,
 * and the {@code sources} table is written whatever happens (also when a file or the dataset fails
 * mid-run). A run killed before that write leaves images whose provenance names a source the table lacks;
 * the next run adopts them instead of adding the file again, so a folder always ends with one image per
 * source file. Moves, copies and pruning follow the rules of the README's "Ingesting a real folder".
 */
public final class Ingest {
    private static final String SOURCES = SourceFiles.TABLE; // SourceFiles names the table; this is short for it

    static final String PATH = SourceFiles.PATH;

    static final String IMAGE_ID = SourceFiles.IMAGE_ID;

    static final String MTIME = "source_mtime_ns";

    static final String SIZE = "source_size_bytes";

    static final String INGESTED = "ingested_epoch_ns";

    static final String PROVENANCE = "provenance";

    static final String PIXELS_SHA256 = "pixels_sha256";

    static final String COMPANIONS = "companions";

    static final Schema SOURCES_SCHEMA = Schema.of(Field.required(PATH, ColumnType.STRING),
            Field.required(IMAGE_ID, ColumnType.STRING), Field.required(MTIME, ColumnType.LONG),
            Field.required(SIZE, ColumnType.LONG), Field.required(INGESTED, ColumnType.LONG));

    /**
     * What one ingest did.
     *
     * @param added files that became new records
     * @param updated files whose pixels changed and were re-read into their records
     * @param metadataUpdated files whose sidecar or header changed: their metadata was re-read (the pixels
     *     stayed), so analyses that depend on ROIs or scale become stale for them
     * @param moved files found at a new path with the pixels of an image whose file is gone: old path to new
     * @param unchanged files already ingested as they are
     * @param failed files that could not be read, each with the reason
     * @param missing source files of images that are no longer there: path to image id
     * @param pruned images removed because their source file is missing (only with prune)
     * @param warnings folders that could not be listed, images adopted after an interrupted run
     * @param conflicts files whose sidecar changed after their image's ROIs or experiment metadata were edited
     *     in KymFlow, each with what was kept
     */
    public record Result(List<Path> added, List<Path> updated, List<Path> metadataUpdated, Map<Path, Path> moved,
                         List<Path> unchanged, Map<Path, String> failed, Map<Path, String> missing, List<String> pruned,
                         List<String> warnings, Map<Path, String> conflicts) {
    }

    /** One row of the sources table. */
    private record SourceRow(String path, String imageId, long mtimeNs, long sizeBytes, long ingestedNs) {
    }

    /**
     * Ingests a folder without pruning; see {@link #ingest(ZarrDataset, Path, boolean)}.
     *
     * @param dataset the dataset, open for writing
     * @param folder the folder to scan
     * @return what happened
     * @throws IOException when the folder itself cannot be listed
     */
    public static Result ingest(ZarrDataset dataset, Path folder) throws IOException {
        return ingest(dataset, folder, false);
    }

    /**
     * Brings the dataset in line with a folder: new TIFFs are added; changed TIFFs re-read; edited sidecars
     * and headers re-read into the metadata; a TIFF found at a new path with the pixels of an image whose
     * file is gone is that image (its path is updated, nothing is added); source files that disappeared are
     * reported and, with {@code prune}, their images and every row of them removed.
     *
     * @param dataset the dataset, open for writing
     * @param folder the folder to scan (recursively, following links; unreadable sub-folders are skipped with a warning)
     * @param prune whether images whose source file is missing are removed with their rows
     * @return what happened; unreadable files are reported and skipped, the others go in
     * @throws IOException when the folder itself cannot be listed
     */
    public static Result ingest(ZarrDataset dataset, Path folder, boolean prune) throws IOException {
        return ingest(dataset, folder, prune, false);
    }

    /**
     * {@link #ingest(ZarrDataset, Path, boolean)}, saying which side wins when a sidecar changed after its
     * image's ROIs or experiment metadata were edited in KymFlow: by default the edit is kept and the file is
     * reported in {@link Result#conflicts()}; with {@code sidecarWins} the sidecar's values replace the edit.
     *
     * @param dataset the dataset, open for writing
     * @param folder the folder to scan
     * @param prune whether images whose source file is missing are removed with their rows
     * @param sidecarWins whether a changed sidecar replaces edits made in KymFlow
     * @return what happened
     * @throws IOException when the folder itself cannot be listed
     */
    public static Result ingest(ZarrDataset dataset, Path folder, boolean prune, boolean sidecarWins) throws IOException {
        List<String> warnings = new ArrayList<>();
        Map<Path, String> conflicts = new LinkedHashMap<>();
        List<Path> tiffs = listTiffs(folder, warnings);
        Table sources = dataset.hasTable(SOURCES) ? dataset.loadTable(SOURCES) : Table.empty(SOURCES_SCHEMA);
        Set<String> present = new HashSet<>(dataset.listImageIds()); // listed once, not per file
        // path -> {image id, mtime, size}; rows whose image is gone are dropped (the file is then added again)
        Map<String, SourceRow> known = new LinkedHashMap<>();
        for (int r = 0; r < sources.rowCount(); r++) {
            if (present.contains(sources.getString(IMAGE_ID, r))) {
                known.put(sources.getString(PATH, r), new SourceRow(sources.getString(PATH, r), sources.getString(IMAGE_ID, r),
                        sources.getLong(MTIME, r), sources.getLong(SIZE, r), sources.getLong(INGESTED, r)));
            }
        }
        adoptInterruptedImages(dataset, present, known, warnings);
        Path root = folder.toAbsolutePath().normalize();
        Set<String> found = new HashSet<>();
        tiffs.forEach(t -> found.add(t.toString()));
        // images whose file is gone from disk, by their pixels' hash: a new path with the same pixels is a move.
        // A file that still exists elsewhere is not gone, whatever folder this run scans: a copy of it is a new image.
        Map<String, String> goneByPixels = new HashMap<>();
        for (SourceRow row : known.values()) {
            if (!found.contains(row.path()) && isGone(row.path())
                    && provenance(dataset.record(row.imageId())).get(PIXELS_SHA256) instanceof String sha) {
                goneByPixels.put(sha, row.path());
            }
        }
        Map<String, String> pixelsOfKnown = null; // pixel hash -> path of an image still on disk, read on the first new file

        List<Path> added = new ArrayList<>();
        List<Path> updated = new ArrayList<>();
        List<Path> metadataUpdated = new ArrayList<>();
        Map<Path, Path> moved = new LinkedHashMap<>();
        List<Path> unchanged = new ArrayList<>();
        Map<Path, String> failed = new LinkedHashMap<>();
        int changed = 0;
        try {
            for (Path tif : tiffs) {
                String key = tif.toString();
                try {
                    long mtime = mtimeNs(tif);
                    long size = Files.size(tif);
                    SourceRow row = known.get(key);
                    if (row != null && row.sizeBytes() == size && row.mtimeNs() != mtime && row.mtimeNs() % 1_000_000 == 0
                            && row.mtimeNs() / 1_000_000 == mtime / 1_000_000) {
                        // written by version 0.1, which kept milliseconds: the same file, now kept in nanoseconds
                        row = new SourceRow(key, row.imageId(), mtime, size, row.ingestedNs());
                        known.put(key, row);
                        changed++;
                    }
                    List<String> damage = row == null ? List.of() : dataset.record(row.imageId()).pixelProblems();
                    if (!damage.isEmpty()) {
                        // the file is unchanged but its stored pixels are not whole: read them again from it
                        warnings.add(tif + ": the stored pixels of image " + row.imageId() + " are damaged (" + damage.get(0)
                                + "); read again from this file");
                    }
                    if (row != null && row.mtimeNs() == mtime && row.sizeBytes() == size && damage.isEmpty()) {
                        ZarrImageRecord rec = dataset.record(row.imageId());
                        Map<String, Object> provenance = provenance(rec);
                        Map<String, Object> companions = Sidecars.companions(tif);
                        // compared as canonical JSON: numbers read back from JSON may be Integer where we hold Long
                        if (PythonJson.canonical(companions).equals(PythonJson.canonical(provenance.get(COMPANIONS)))) {
                            unchanged.add(tif);
                            continue;
                        }
                        Map<String, Object> fresh = Sidecars.payload(tif, rec.arrayInfo().shapeAsInts(), warnings);
                        rec.saveMetadataPayload(EditedMetadata.keep(rec, fresh, provenance, tif, sidecarWins, conflicts));
                        provenance.put(COMPANIONS, companions);
                        rec.saveJson(PROVENANCE, provenance);
                        metadataUpdated.add(tif);
                        changed++;
                        continue;
                    }
                    NdArray pixels = TiffFiles.read(tif);
                    Map<String, Object> payload = Sidecars.payload(tif, pixels.shape(), warnings);
                    String pixelsSha = pixelsSha256(pixels);
                    String movedFrom = row == null ? goneByPixels.remove(pixelsSha) : null;
                    ZarrImageRecord rec;
                    if (row != null) {
                        rec = dataset.record(row.imageId());
                        rec.saveArray(pixels); // the old array stays readable until the new one is in place
                        updated.add(tif);
                    } else if (movedFrom != null) {
                        rec = dataset.record(known.remove(movedFrom).imageId());
                        moved.put(Path.of(movedFrom), tif);
                        if (Sidecars.companionsMissing(tif)) {
                            // moved without its header and sidecar: what they gave stays, rather than being lost
                            payload = rec.loadMetadataPayload();
                            warnings.add(tif + ": moved from " + movedFrom + " without its header and sidecar; the image keeps"
                                    + " the metadata they gave");
                        }
                    } else {
                        if (pixelsOfKnown == null) {
                            pixelsOfKnown = pixelsOfKnown(dataset, known);
                        }
                        String original = pixelsOfKnown.get(pixelsSha);
                        if (original != null) {
                            warnings.add(tif + " has the same pixels as " + original + ", which is still there; added as"
                                    + " an image of its own");
                        }
                        rec = null;
                    }
                    Map<String, Object> provenance = new LinkedHashMap<>();
                    provenance.put("original_path", rec == null ? key : provenance(rec).getOrDefault("original_path", key));
                    provenance.put(PATH, key);
                    provenance.put(PIXELS_SHA256, pixelsSha);
                    provenance.put(COMPANIONS, Sidecars.companions(tif));
                    if (rec == null) {
                        // one step: a killed ingest leaves the whole image, provenance and metadata included, or
                        // nothing that counts as an image (the next writer removes the unfinished folder)
                        rec = dataset.addImage(pixels, null, null, Map.of(PROVENANCE, provenance, ZarrImageRecord.METADATA, payload));
                        added.add(tif);
                    } else {
                        Map<String, Object> before = provenance(rec);
                        if (before.get(EditedMetadata.EDITED) != null && !sidecarWins) {
                            provenance.put(EditedMetadata.EDITED, before.get(EditedMetadata.EDITED)); // the edits stay marked
                        }
                        payload = EditedMetadata.keep(rec, payload, before, tif, sidecarWins, conflicts);
                        // provenance first, so an interrupted run can adopt this image instead of adding the file twice
                        rec.saveJson(PROVENANCE, provenance);
                        rec.saveMetadataPayload(payload);
                    }
                    known.put(key, new SourceRow(key, rec.imageId(), mtime, size, System.currentTimeMillis() * 1_000_000L));
                    changed++;
                } catch (IOException | IllegalArgumentException e) {
                    failed.put(tif, Failures.describe(e));
                }
            }
        } finally {
            // written whatever happened above: the files finished so far keep their sources rows
            writeSources(dataset, sources, known, changed);
        }
        // missing: a source file under the scanned folder that is gone from disk; a folder ingest says
        // nothing about files outside it
        Map<Path, String> missing = new LinkedHashMap<>();
        for (SourceRow row : known.values()) {
            if (!found.contains(row.path()) && isUnder(row.path(), root) && isGone(row.path())) {
                missing.put(Path.of(row.path()), row.imageId());
            }
        }
        List<String> pruned = new ArrayList<>();
        if (prune && !missing.isEmpty() && tiffs.isEmpty()) {
            // an empty or unmounted folder would otherwise wipe every image of it
            throw new IOException("refusing to prune: " + root + " holds no TIFF at all, so all " + missing.size()
                    + " images from it would be removed; check that the folder is the right one and mounted, or"
                    + " delete the images one by one");
        }
        if (prune && !missing.isEmpty()) {
            pruned.addAll(missing.values());
            prune(dataset, new HashSet<>(pruned));
            missing.keySet().forEach(p -> known.remove(p.toString()));
            writeSources(dataset, sources, known, 1);
        }
        dataset.updateManifest();
        return new Result(added, updated, metadataUpdated, moved, unchanged, failed, missing, pruned, warnings, conflicts);
    }

    private static void writeSources(ZarrDataset dataset, Table before, Map<String, SourceRow> known, int changed) {
        if (changed > 0 || known.size() != before.rowCount()) {
            Table.RowBuilder b = Table.builder(SOURCES_SCHEMA);
            known.values().forEach(k -> b.addRow(k.path(), k.imageId(), k.mtimeNs(), k.sizeBytes(), k.ingestedNs()));
            dataset.saveTable(SOURCES, b.build());
        }
    }

    /** Removes images and every row of them in every table that has an image_id column. */
    private static void prune(ZarrDataset dataset, Set<String> imageIds) {
        for (String table : dataset.listTableNames()) {
            if (!table.equals(SOURCES) && dataset.describeTable(table).schema().contains(IMAGE_ID)) {
                Map<String, Table> none = new LinkedHashMap<>();
                Set<String> inTable = dataset.tableImageIndex(table, List.of()).keySet();
                for (String id : imageIds) {
                    if (inTable.contains(id)) {
                        none.put(id, Table.empty(Schema.of(Field.required(IMAGE_ID, ColumnType.STRING))));
                    }
                }
                if (!none.isEmpty()) {
                    dataset.replaceRowsForImageIds(table, none);
                }
            }
        }
        imageIds.forEach(dataset::deleteImage);
    }

    /** Whether a source path no longer names a file on disk (a file that cannot be checked counts as present). */
    private static boolean isGone(String path) {
        try {
            return Files.notExists(Path.of(path));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static boolean isUnder(String path, Path root) {
        try {
            return Path.of(path).startsWith(root);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** Pixel hash to source path, for the known images whose file is still on disk. */
    private static Map<String, String> pixelsOfKnown(ZarrDataset dataset, Map<String, SourceRow> known) {
        Map<String, String> out = new HashMap<>();
        for (SourceRow row : known.values()) {
            if (!isGone(row.path()) && provenance(dataset.record(row.imageId())).get(PIXELS_SHA256) instanceof String sha) {
                out.putIfAbsent(sha, row.path());
            }
        }
        return out;
    }

    static Map<String, Object> provenance(ZarrImageReader rec) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (rec.listAnalysisKeys().contains(PROVENANCE + ".json") && rec.loadJson(PROVENANCE) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    /** SHA-256 of the decoded pixels with their dtype and shape: the same image however the TIFF was saved. */
    static String pixelsSha256(NdArray pixels) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update((pixels.dtype().numpyName() + java.util.Arrays.toString(pixels.shape())).getBytes(StandardCharsets.UTF_8));
            digest.update(pixels.toLittleEndianBytes());
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }

    /** Every {@code *.tif}/{@code *.tiff} below the folder, sorted; folders that cannot be read become warnings. */
    private static List<Path> listTiffs(Path folder, List<String> warnings) throws IOException {
        List<Path> tiffs = new ArrayList<>();
        Path root = folder.toAbsolutePath().normalize();
        // following links, as labs link data folders together; a link cycle becomes a skipped-folder warning
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (attrs.isRegularFile() && (name.endsWith(".tif") || name.endsWith(".tiff"))) {
                    tiffs.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (file.equals(root)) {
                    throw e;
                }
                warnings.add("skipped folder " + file + ": " + Failures.describe(e));
                return FileVisitResult.CONTINUE;
            }
        });
        tiffs.sort(null);
        return tiffs;
    }

    /**
     * Images that a killed run added (their provenance names a source) but whose sources row was never
     * written: adopted with an impossible mtime, so the file is read again into the same image.
     */
    private static void adoptInterruptedImages(ZarrDataset dataset, Set<String> present, Map<String, SourceRow> known,
            List<String> warnings) {
        Set<String> referenced = new HashSet<>();
        known.values().forEach(row -> referenced.add(row.imageId()));
        for (String id : present) {
            if (referenced.contains(id)) {
                continue;
            }
            ZarrImageRecord rec = dataset.record(id);
            if (!rec.listAnalysisKeys().contains(PROVENANCE + ".json")
                    || !(rec.loadJson(PROVENANCE) instanceof Map<?, ?> m) || !(m.get(PATH) instanceof String path)
                    || !m.containsKey(PIXELS_SHA256)) {
                continue; // not made by our ingest (an embedder's image, or the Python package's): not ours to adopt
            }
            if (!known.containsKey(path)) {
                known.put(path, new SourceRow(path, id, Long.MIN_VALUE, -1L, System.currentTimeMillis() * 1_000_000L));
                warnings.add("image " + id + " of " + path + " was added by an interrupted ingest; it is re-read, not added again");
            }
        }
    }

    /**
     * Checks the sources table against the images: every image made by ingest has exactly one sources
     * row, and every row names an image that exists.
     *
     * @param dataset the dataset
     * @return the problems, each naming the image or source file; empty when they agree
     */
    public static List<String> checkSources(ZarrDatasetReader dataset) {
        List<String> problems = new ArrayList<>();
        Table sources = dataset.hasTable(SOURCES) ? dataset.loadTable(SOURCES) : Table.empty(SOURCES_SCHEMA);
        Set<String> ids = new HashSet<>(dataset.listImageIds());
        Set<String> withRow = new HashSet<>();
        for (int r = 0; r < sources.rowCount(); r++) {
            String id = sources.getString(IMAGE_ID, r);
            if (!ids.contains(id)) {
                problems.add("tables/sources.parquet: row for " + sources.getString(PATH, r) + " names image " + id
                        + ", which does not exist");
            } else if (!withRow.add(id)) {
                problems.add("tables/sources.parquet: image " + id + " has more than one sources row");
            }
        }
        for (String id : dataset.listImageIds()) {
            // only images our ingest made (their provenance holds the pixel hash it writes): a dataset the Python
            // package wrote through its API has provenance and no sources row, and is valid
            if (!withRow.contains(id) && provenance(dataset.record(id)).containsKey(PIXELS_SHA256)) {
                problems.add("image " + id + " was ingested but has no sources row (an interrupted ingest; run ingest again)");
            }
        }
        return problems;
    }

    /** The file's modification time in nanoseconds, as Python's {@code st_mtime_ns}. */
    static long mtimeNs(Path file) throws IOException {
        Instant t = Files.getLastModifiedTime(file).toInstant();
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private Ingest() {
    }
}
