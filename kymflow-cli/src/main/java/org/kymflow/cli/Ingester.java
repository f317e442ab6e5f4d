package org.kymflow.cli;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.kymflow.api.Roi;
import org.kymflow.runtime.Rois;
import org.kymflow.runtime.SourceFiles;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.PythonJson;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * Brings a lab's folder into a dataset: every {@code *.tif} below it becomes a record, with the Olympus
 * {@code .txt} header (delx, delt, acquisition time) and the kymflow {@code .json} sidecar (ROIs,
 * experiment metadata) beside it. Re-running ingests only new or changed files (by size and mtime).
 *
 * <p>Resumable: each image records its source in {@code analysis/provenance.json} right after it is
 * added, and the {@code sources} table is written whatever happens (also when a file or the dataset
 * fails mid-run). A run killed before that write leaves images whose provenance names a source the
 * table lacks; the next run adopts them instead of adding the file again, so a folder always ends with
 * one image per source file.
 */
public final class Ingester {
    /** The sources table name, with the Python package's columns. */
    public static final String SOURCES = SourceFiles.TABLE;
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
    private static final String PLAIN = "(\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)";
    private static final Pattern HEADER_NUMBER = Pattern.compile(PLAIN);
    private static final Pattern HEADER_RANGE = Pattern.compile("(?:" + PLAIN + "\\s*-\\s*)?" + PLAIN);
    private static final Pattern IMAGE_SIZE = Pattern.compile("(\\d+)\\s*\\*\\s*(\\d+)(?:\\s*\\[pixel\\])?");
    /** The kinds a ROI may declare (DESIGN section 2): what it measures. */
    static final List<String> ROI_KINDS = List.of("velocity", "diameter");
    private static final ObjectMapper SIDECAR_READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python's json writes NaN and Infinity
            .build();

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
     */
    public record Result(List<Path> added, List<Path> updated, List<Path> metadataUpdated, Map<Path, Path> moved,
                         List<Path> unchanged, Map<Path, String> failed, Map<Path, String> missing, List<String> pruned,
                         List<String> warnings) {
    }

    /** One row of the sources table. */
    private record SourceRow(String path, String imageId, long mtimeNs, long sizeBytes, long ingestedNs) {
    }

    private Ingester() {
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
        List<String> warnings = new ArrayList<>();
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
                        Map<String, Object> companions = companions(tif);
                        // compared as canonical JSON: numbers read back from JSON may be Integer where we hold Long
                        if (PythonJson.canonical(companions).equals(PythonJson.canonical(provenance.get(COMPANIONS)))) {
                            unchanged.add(tif);
                            continue;
                        }
                        rec.saveMetadataPayload(payload(tif, rec.arrayInfo().shapeAsInts(), warnings));
                        provenance.put(COMPANIONS, companions);
                        rec.saveJson(PROVENANCE, provenance);
                        metadataUpdated.add(tif);
                        changed++;
                        continue;
                    }
                    NdArray pixels = readTiff(tif);
                    Map<String, Object> payload = payload(tif, pixels.shape(), warnings);
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
                        if (companionsMissing(tif)) {
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
                    provenance.put(COMPANIONS, companions(tif));
                    if (rec == null) {
                        // one step: a killed ingest leaves the whole image, provenance and metadata included, or
                        // nothing that counts as an image (the next writer removes the unfinished folder)
                        rec = dataset.addImage(pixels, null, null, Map.of(PROVENANCE, provenance, ZarrImageRecord.METADATA, payload));
                        added.add(tif);
                    } else {
                        // provenance first, so an interrupted run can adopt this image instead of adding the file twice
                        rec.saveJson(PROVENANCE, provenance);
                        rec.saveMetadataPayload(payload);
                    }
                    known.put(key, new SourceRow(key, rec.imageId(), mtime, size, System.currentTimeMillis() * 1_000_000L));
                    changed++;
                } catch (IOException | IllegalArgumentException e) {
                    failed.put(tif, ErrorMessageHandler.describe(e));
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
        return new Result(added, updated, metadataUpdated, moved, unchanged, failed, missing, pruned, warnings);
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

    /** The image's provenance.json as a mutable map (empty when it has none). */
    private static Map<String, Object> provenance(ZarrImageRecord rec) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (rec.listAnalysisKeys().contains(PROVENANCE + ".json") && rec.loadJson(PROVENANCE) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    /** The size and mtime of the header and sidecar beside a TIFF: a change means the metadata must be re-read. */
    private static Map<String, Object> companions(Path tif) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String ext : List.of(".txt", ".json")) {
            Path file = companion(tif, ext);
            out.put(ext.substring(1), Files.isRegularFile(file) ? List.of(mtimeNs(file), Files.size(file)) : null);
        }
        return out;
    }

    /** Whether neither a header nor a sidecar lies beside the TIFF. */
    private static boolean companionsMissing(Path tif) throws IOException {
        return !Files.isRegularFile(companion(tif, ".txt")) && !Files.isRegularFile(companion(tif, ".json"));
    }

    /**
     * The header or sidecar beside a TIFF: the same name with another extension, matched by the name's own
     * bytes. A name that is not valid in the platform's file-name encoding ({@code caf\xe9.tif} under UTF-8)
     * does not survive a round trip through a Java string, so then the folder is listed and the sibling whose
     * name decodes the same way is taken (two such siblings are ambiguous, and neither is taken).
     *
     * @param tif the TIFF
     * @param ext the companion's extension, with its dot
     * @return the companion's path (which may not exist)
     * @throws IOException when the folder of a TIFF with such a name cannot be listed
     */
    static Path companion(Path tif, String ext) throws IOException {
        String name = tif.getFileName().toString();
        String wanted = name.replaceFirst("\\.[^.]*$", "") + ext;
        Path direct = tif.resolveSibling(wanted);
        if (tif.resolveSibling(name).equals(tif)) {
            return direct; // the name round-trips: its string names the same bytes
        }
        List<Path> matches = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> siblings = Files.newDirectoryStream(tif.getParent())) {
            for (Path sibling : siblings) {
                if (sibling.getFileName().toString().equals(wanted)) {
                    matches.add(sibling);
                }
            }
        }
        return matches.size() == 1 ? matches.get(0) : direct;
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
                warnings.add("skipped folder " + file + ": " + ErrorMessageHandler.describe(e));
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
    public static List<String> checkSources(ZarrDataset dataset) {
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

    /**
     * Reads a single-page TIFF with the JDK's ImageIO. The declared size is checked against the heap
     * before any pixel is decoded, so a small file that claims a huge image fails with a clear message.
     *
     * @param tif the file
     * @return the pixels, shape (rows, columns)
     * @throws IOException naming the file when it cannot be opened or is not a readable single-band TIFF
     */
    public static NdArray readTiff(Path tif) throws IOException {
        byte[] bytes = Files.readAllBytes(tif); // opened by the NIO path: real errors (permission, missing), any file name
        BufferedImage image;
        boolean signed;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("cannot read TIFF " + tif + ": not a TIFF ImageIO can decode");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int pages = reader.getNumImages(true);
                if (pages != 1) {
                    // taking page 1 alone would silently drop the other channels or planes
                    throw new IOException("TIFF " + tif + " has " + pages + " pages; only single-page (2-D) kymographs can be ingested");
                }
                checkDecodableSize(tif, reader.getWidth(0), reader.getHeight(0));
                if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1) {
                    throw new IOException("TIFF " + tif + " is " + reader.getWidth(0) + " x " + reader.getHeight(0)
                            + " pixels; a kymograph needs at least one line of one pixel");
                }
                signed = sampleFormat(reader) == SAMPLE_FORMAT_SIGNED;
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().contains(tif.toString()) ? e
                    : new IOException("cannot read TIFF " + tif + ": " + ErrorMessageHandler.describe(e), e);
        } catch (RuntimeException e) {
            throw new IOException("cannot read TIFF " + tif + ": " + e, e); // ImageIO reports corrupt files with runtime exceptions
        }
        Raster raster = image.getRaster();
        if (raster.getNumBands() != 1) {
            throw new IOException("TIFF " + tif + " has " + raster.getNumBands() + " bands; kymographs are single-channel");
        }
        int h = raster.getHeight();
        int w = raster.getWidth();
        int type = raster.getDataBuffer().getDataType();
        if (type == DataBuffer.TYPE_INT && !signed) {
            // Java's int raster holds uint32 samples as int32: stored so, 4294967295 would read as -1
            throw new IOException("TIFF " + tif + " holds unsigned 32-bit pixels, which KymFlow cannot store without"
                    + " changing their values; save it as 16-bit unsigned or 32-bit float");
        }
        if (type == DataBuffer.TYPE_BYTE && signed) {
            throw new IOException("TIFF " + tif + " holds signed 8-bit pixels, which KymFlow cannot store without changing"
                    + " their values; save it as 8- or 16-bit unsigned");
        }
        return switch (type) {
            case DataBuffer.TYPE_BYTE -> {
                int[] s = raster.getSamples(0, 0, w, h, 0, (int[]) null);
                byte[] d = new byte[s.length];
                for (int i = 0; i < s.length; i++) {
                    d[i] = (byte) s[i];
                }
                yield NdArray.ofUint8(d, h, w);
            }
            case DataBuffer.TYPE_USHORT, DataBuffer.TYPE_SHORT -> {
                int[] s = raster.getSamples(0, 0, w, h, 0, (int[]) null);
                short[] d = new short[s.length];
                for (int i = 0; i < s.length; i++) {
                    d[i] = (short) s[i];
                }
                yield signed ? NdArray.ofInt16(d, h, w) : NdArray.ofUint16(d, h, w);
            }
            case DataBuffer.TYPE_INT -> NdArray.ofInt32(raster.getSamples(0, 0, w, h, 0, (int[]) null), h, w);
            case DataBuffer.TYPE_FLOAT -> NdArray.ofFloat32(raster.getSamples(0, 0, w, h, 0, (float[]) null), h, w);
            default -> NdArray.ofFloat64(raster.getSamples(0, 0, w, h, 0, (double[]) null), h, w);
        };
    }

    /** TIFF tag 339 SampleFormat: 1 unsigned integer (the default when absent), 2 signed integer, 3 float. */
    private static final int TAG_SAMPLE_FORMAT = 339;
    private static final int SAMPLE_FORMAT_SIGNED = 2;

    /** The first page's SampleFormat, from the TIFF directory (1, unsigned, when the tag is absent). */
    private static int sampleFormat(ImageReader reader) throws IOException {
        javax.imageio.metadata.IIOMetadata metadata = reader.getImageMetadata(0);
        if (metadata == null) {
            return 1;
        }
        javax.imageio.plugins.tiff.TIFFField field = javax.imageio.plugins.tiff.TIFFDirectory.createFromMetadata(metadata)
                .getTIFFField(TAG_SAMPLE_FORMAT);
        return field == null ? 1 : field.getAsInt(0);
    }

    /**
     * Decoding goes through an int per pixel (ImageIO's raster) and then the stored array: about 10 bytes
     * a pixel at the peak. A file whose header claims more than the heap can hold is refused up front.
     */
    static void checkDecodableSize(Path tif, int width, int height) throws IOException {
        long pixels = (long) width * height;
        long needed = pixels * 10;
        long available = Runtime.getRuntime().maxMemory();
        if (pixels > Integer.MAX_VALUE - 8 || needed > available) {
            throw new IOException("TIFF " + tif + " declares " + width + " x " + height + " pixels, about " + needed / (1 << 20)
                    + " MB to decode, more than this JVM's " + available / (1 << 20) + " MB heap; raise it with"
                    + " KYMFLOW_JAVA_OPTS=-Xmx... if the file is real");
        }
    }

    /** The metadata payload from the header and sidecar beside a TIFF. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(Path tif, int[] shape, List<String> warnings) throws IOException {
        Path txt = companion(tif, ".txt");
        Path json = companion(tif, ".json");
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, Object> experiment = new LinkedHashMap<>();
        List<Object> rois = new ArrayList<>();
        if (Files.isRegularFile(json)) {
            Map<String, Object> sidecar;
            try {
                sidecar = SIDECAR_READER.readValue(Files.readAllBytes(json), Map.class);
            } catch (IOException e) {
                throw new IOException("cannot read sidecar " + json + ": " + ErrorMessageHandler.describe(e), e);
            }
            if (sidecar.get("header") instanceof Map<?, ?> h) {
                header.putAll((Map<String, Object>) h);
            }
            if (sidecar.get("experiment_metadata") instanceof Map<?, ?> e) {
                experiment.putAll((Map<String, Object>) e);
            }
            Object roisValue = sidecar.get("rois");
            if (roisValue != null && !(roisValue instanceof List<?>)) {
                throw new IOException("sidecar " + json + ": 'rois' must be a list of ROIs, was " + abbreviate(roisValue)
                        + "; fix or remove it (an image without ROIs is analysed whole)");
            }
            if (roisValue instanceof List<?> list) {
                checkRoiTypes(json, list);
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m && m.containsKey("dim0_start")) {
                        for (Roi roi : Roi.parseAll(List.of(o))) {
                            rois.add(Rois.toEnvelope(roi)); // the older v1.0 form, stored in the current form
                        }
                    } else {
                        rois.add(o);
                    }
                }
                checkRois(json, rois, shape);
            }
        }
        if (Files.isRegularFile(txt)) {
            header.putAll(olympusHeader(txt, shape[0], warnings));
        }
        if (org.kymflow.api.Scale.fromMetadata(Map.of("header", header)).isEmpty()) { // radon's own test for a scale
            warnings.add(tif + ": no Olympus header with a scale (" + txt.getFileName() + (Files.isRegularFile(txt) ? " has no"
                    + " X/T Dimension and Image Size" : " is missing") + "); its velocities will be in pixels/line");
        }
        if (!Files.isRegularFile(json)) {
            warnings.add(tif + ": no sidecar " + json.getFileName() + "; no ROIs, so analyses use the whole image");
        }
        header.put("shape", java.util.Arrays.stream(shape).boxed().toList());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("header", header);
        payload.put("experiment_metadata", experiment);
        payload.put("rois", rois);
        return payload;
    }

    /**
     * Parses an Olympus FluoView header (tab-separated quoted pairs): delx from "X Dimension", the
     * duration from "T Dimension", the line count from the first "Image Size", the time from "Date".
     *
     * <p>Strict: a value that is not a plain positive number ({@code 0,284}, {@code NaN}, a missing field)
     * gives no scale and a warning naming the file, key and text, never a guess. A line count that differs
     * from the TIFF's is reported too: with fewer lines in the TIFF (an export cut in time) the line period
     * the scanner recorded still holds and is used; with more lines the header cannot describe this file,
     * so the image gets no scale.
     *
     * @param txt the header file
     * @param tiffLines the TIFF's line count (rows, axis 0)
     * @param warnings where problems are reported, one line each
     * @return header entries: {@code voxels [delt, delx]}, units, {@code acquired_local_epoch_ns}
     * @throws IOException when the file cannot be read
     */
    static Map<String, Object> olympusHeader(Path txt, int tiffLines, List<String> warnings) throws IOException {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String line : readHeaderLines(txt)) {
            String[] parts = line.split("\t", 2);
            if (parts.length == 2) {
                pairs.putIfAbsent(parts[0].replace("\"", "").strip(), parts[1].replace("\"", "").strip());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Double delx = headerNumber(pairs, "X Dimension", "[um/pixel]", false, problems);
        Double duration = headerNumber(pairs, "T Dimension", "[s]", true, problems);
        Integer lines = null;
        String size = pairs.get("Image Size");
        if (size != null) {
            Matcher m = IMAGE_SIZE.matcher(size);
            if (m.matches() && new java.math.BigInteger(m.group(2)).bitLength() < 31 && Integer.parseInt(m.group(2)) > 0) {
                lines = Integer.parseInt(m.group(2));
            } else {
                problems.add("\"Image Size\" is \"" + size + "\", not WIDTH * LINES [pixel] with positive whole numbers");
            }
        }
        if (delx != null && duration != null && lines != null) {
            if (tiffLines > lines) {
                problems.add("the header counts " + lines + " lines but the TIFF has " + tiffLines + "; a header cannot"
                        + " describe more lines than it recorded");
            } else {
                if (tiffLines < lines) {
                    warnings.add(txt + ": the header counts " + lines + " lines but the TIFF has " + tiffLines + "; using the"
                            + " header's line period (" + duration + " s / " + lines + " lines), which a TIFF cut in time keeps");
                }
                out.put("voxels", List.of(duration / lines, delx));
                out.put("voxels_units", List.of("s", "um"));
                out.put("source", "olympus");
            }
        }
        for (String problem : problems) {
            warnings.add(txt + ": " + problem + "; the image gets no scale from this header");
        }
        String date = pairs.get("Date");
        if (date != null) {
            try {
                LocalDateTime t = LocalDateTime.parse(date, DateTimeFormatter.ofPattern("MM/dd/yyyy hh:mm:ss.SSS a", Locale.US));
                long ns = t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + t.getNano();
                out.put("acquired_local_epoch_ns", ns);
            } catch (DateTimeParseException e) {
                out.put("acquired_date_unparsed", date); // kept, not guessed
            }
        }
        return out;
    }

    /**
     * The value before a unit in an Olympus field, such as {@code 0.284} in
     * {@code "38, 0.0 - 10.792 [um], 0.284 [um/pixel]"}: the last comma-separated part before the unit, which
     * must be a plain positive number, or with {@code range} a {@code START - END} range whose end is taken.
     * Absent fields and fields without the unit give null silently (no scale, as with no header); anything
     * else malformed is a problem.
     */
    private static Double headerNumber(Map<String, String> pairs, String key, String unit, boolean range, List<String> problems) {
        String value = pairs.get(key);
        if (value == null || !value.contains(unit)) {
            return null;
        }
        String head = value.substring(0, value.indexOf(unit)).strip();
        int comma = head.lastIndexOf(", ");
        String part = comma < 0 ? head : head.substring(comma + 2).strip();
        Matcher m = (range ? HEADER_RANGE : HEADER_NUMBER).matcher(part);
        if (m.matches()) {
            double v = Double.parseDouble(m.group(m.groupCount()));
            if (Double.isFinite(v) && v > 0) {
                return v;
            }
        }
        problems.add("\"" + key + "\" is \"" + value + "\", whose value before " + unit + " is not a plain positive number");
        return null;
    }

    /** Olympus writes headers in Windows code pages (the micro sign): UTF-8 when it decodes, else Latin-1. */
    private static List<String> readHeaderLines(Path txt) throws IOException {
        byte[] bytes = Files.readAllBytes(txt);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();
        }
    }

    /**
     * Every ROI must be a rectangle the analyses can use: one of another type (a polygon, a line) or of an
     * unknown kind would otherwise be skipped and the image analysed without it, without a word.
     */
    private static void checkRoiTypes(Path sidecar, List<?> rois) throws IOException {
        List<String> bad = new ArrayList<>();
        int position = 0;
        for (Object o : rois) {
            position++;
            if (!(o instanceof Map<?, ?> m)) {
                bad.add("ROI #" + position + " is not an object (" + abbreviate(o) + ")");
                continue;
            }
            Object id = m.containsKey("roi_id") ? m.get("roi_id") : m.get("id");
            String label = "ROI " + (id == null ? "#" + position : String.valueOf(id));
            Object type = m.get("roi_type");
            if (type != null && !"rect".equals(type)) {
                bad.add(label + " has roi_type '" + type + "'; only 'rect' ROIs can be analysed");
            }
            Object kind = m.get("kind");
            if (kind != null && !ROI_KINDS.contains(kind)) {
                bad.add(label + " has kind '" + kind + "'; a ROI's kind is one of " + ROI_KINDS);
            }
        }
        if (!bad.isEmpty()) {
            throw new IOException("sidecar " + sidecar + ": " + String.join("; ", bad));
        }
    }

    /**
     * ROIs are checked at ingest, naming the sidecar: each must parse (integral, in range), ids must be
     * unique, and each must lie inside the image with {@code x0 < x1} and {@code y0 < y1} (half-open, as the
     * Python app writes them). Nothing is clamped or swapped: a ROI that does not fit was drawn on another
     * image or edited by hand, and analysing a guess of it would give numbers for a region nobody chose.
     */
    static void checkRois(Path sidecar, List<Object> rois, int[] shape) throws IOException {
        List<Roi> parsed;
        try {
            parsed = Roi.parseAll(rois);
        } catch (IllegalArgumentException e) {
            throw new IOException("sidecar " + sidecar + ": " + e.getMessage(), e);
        }
        Set<Integer> ids = new HashSet<>();
        List<String> bad = new ArrayList<>();
        for (Roi roi : parsed) {
            if (!ids.add(roi.roiId())) {
                throw new IOException("sidecar " + sidecar + ": ROI id " + roi.roiId() + " is used twice; ROI ids must be unique");
            }
            int height = shape[0];
            int width = shape[1];
            String where = "ROI " + roi.roiId() + " (x " + roi.x0() + ".." + roi.x1() + ", y " + roi.y0() + ".." + roi.y1() + ")";
            if (roi.clampedTo(height, width).isEmpty()) {
                bad.add(where + " lies outside the " + height + " x " + width + " image");
            } else if (roi.x0() >= roi.x1() || roi.y0() >= roi.y1()) {
                bad.add(where + " has x0 >= x1 or y0 >= y1; ROIs are half-open with x0 < x1 and y0 < y1");
            } else if (roi.x0() < 0 || roi.y0() < 0 || roi.x1() > width || roi.y1() > height) {
                bad.add(where + " reaches outside the " + height + " x " + width + " image (x 0.." + width + ", y 0.."
                        + height + ")");
            }
        }
        if (!bad.isEmpty()) {
            throw new IOException("sidecar " + sidecar + ": " + String.join("; ", bad));
        }
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

}
