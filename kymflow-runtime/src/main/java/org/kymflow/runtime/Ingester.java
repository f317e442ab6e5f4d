package org.kymflow.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.kymflow.api.Roi;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * Brings a lab's folder into a dataset: every {@code *.tif} below it becomes a record, with the Olympus
 * {@code .txt} header (delx, delt, acquisition time) and the kymflow {@code .json} sidecar (ROIs,
 * experiment metadata) beside it. Re-running ingests only new or changed files (by size and mtime).
 */
public final class Ingester {
    /** The sources table name, with the Python package's columns. */
    public static final String SOURCES = "sources";
    static final Schema SOURCES_SCHEMA = Schema.of(Field.required("source_primary_path", ColumnType.STRING),
            Field.required("image_id", ColumnType.STRING), Field.required("source_mtime_ns", ColumnType.LONG),
            Field.required("source_size_bytes", ColumnType.LONG), Field.required("ingested_epoch_ns", ColumnType.LONG));
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");

    /**
     * What one ingest did.
     *
     * @param added files that became new records
     * @param updated files that changed and were re-read into their records
     * @param unchanged files already ingested as they are
     * @param failed files that could not be read, each with the reason
     */
    public record Result(List<Path> added, List<Path> updated, List<Path> unchanged, Map<Path, String> failed) {
    }

    private Ingester() {
    }

    /**
     * @param dataset the dataset, open for writing
     * @param folder the folder to scan (recursively)
     * @return what happened; unreadable files are reported and skipped, the others go in
     * @throws IOException when the folder cannot be listed
     */
    public static Result ingest(ZarrDataset dataset, Path folder) throws IOException {
        List<Path> tiffs;
        try (Stream<Path> walk = Files.walk(folder)) {
            tiffs = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.tiff?$"))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        }
        Table sources = dataset.hasTable(SOURCES) ? dataset.loadTable(SOURCES) : Table.empty(SOURCES_SCHEMA);
        Map<String, Integer> rowByPath = new HashMap<>();
        for (int r = 0; r < sources.rowCount(); r++) {
            rowByPath.put(sources.getString("source_primary_path", r), r);
        }
        List<Path> added = new ArrayList<>();
        List<Path> updated = new ArrayList<>();
        List<Path> unchanged = new ArrayList<>();
        Map<Path, String> failed = new LinkedHashMap<>();
        Map<String, Object[]> newRows = new LinkedHashMap<>();
        java.util.Set<String> present = new java.util.HashSet<>(dataset.listImageIds()); // listed once, not per file
        for (Path tif : tiffs) {
            String key = tif.toString();
            long mtime = Files.getLastModifiedTime(tif).toMillis() * 1_000_000L;
            long size = Files.size(tif);
            Integer row = rowByPath.get(key);
            boolean known = row != null && present.contains(sources.getString("image_id", row));
            if (known && sources.getLong("source_mtime_ns", row) == mtime && sources.getLong("source_size_bytes", row) == size) {
                unchanged.add(tif);
                continue;
            }
            NdArray pixels;
            Map<String, Object> payload;
            try {
                pixels = readTiff(tif);
                payload = payload(tif, pixels);
            } catch (IOException | IllegalArgumentException e) {
                failed.put(tif, e.getMessage());
                continue;
            }
            ZarrImageRecord rec;
            if (known) {
                rec = dataset.record(sources.getString("image_id", row));
                rec.saveArray(pixels);
                updated.add(tif);
            } else {
                rec = dataset.addImage(pixels);
                added.add(tif);
            }
            rec.saveMetadataPayload(payload);
            rec.saveJson("provenance", Map.of("original_path", key, "source_primary_path", key));
            newRows.put(key, new Object[] {key, rec.imageId(), mtime, size, System.currentTimeMillis() * 1_000_000L});
        }
        if (!newRows.isEmpty()) {
            Table.RowBuilder b = Table.builder(SOURCES_SCHEMA);
            for (int r = 0; r < sources.rowCount(); r++) {
                if (!newRows.containsKey(sources.getString("source_primary_path", r))) {
                    b.addRow(sources.row(r));
                }
            }
            newRows.values().forEach(b::addRow);
            dataset.saveTable(SOURCES, b.build());
        }
        dataset.updateManifest();
        return new Result(added, updated, unchanged, failed);
    }

    /**
     * Reads the first page of a TIFF with the JDK's ImageIO.
     *
     * @param tif the file
     * @return the pixels, shape (rows, columns)
     * @throws IOException naming the file when it is not a readable single-band TIFF
     */
    public static NdArray readTiff(Path tif) throws IOException {
        java.awt.image.BufferedImage image;
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(tif.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("cannot read TIFF " + tif + ": not a TIFF ImageIO can decode");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int pages = reader.getNumImages(true);
                if (pages != 1) {
                    // taking page 1 alone would silently drop the other channels or planes
                    throw new IOException("TIFF " + tif + " has " + pages + " pages; only single-page (2-D) kymographs can be ingested");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().contains(tif.toString()) ? e
                    : new IOException("cannot read TIFF " + tif + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("cannot read TIFF " + tif + ": " + e, e); // ImageIO reports corrupt files with runtime exceptions
        }
        Raster raster = image.getRaster();
        if (raster.getNumBands() != 1) {
            throw new IOException("TIFF " + tif + " has " + raster.getNumBands() + " bands; kymographs are single-channel");
        }
        int h = raster.getHeight();
        int w = raster.getWidth();
        return switch (raster.getDataBuffer().getDataType()) {
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
                yield raster.getDataBuffer().getDataType() == DataBuffer.TYPE_USHORT ? NdArray.ofUint16(d, h, w) : NdArray.ofInt16(d, h, w);
            }
            case DataBuffer.TYPE_INT -> NdArray.ofInt32(raster.getSamples(0, 0, w, h, 0, (int[]) null), h, w);
            case DataBuffer.TYPE_FLOAT -> NdArray.ofFloat32(raster.getSamples(0, 0, w, h, 0, (float[]) null), h, w);
            default -> NdArray.ofFloat64(raster.getSamples(0, 0, w, h, 0, (double[]) null), h, w);
        };
    }

    /** The metadata payload from the header and sidecar beside a TIFF. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(Path tif, NdArray pixels) throws IOException {
        String base = tif.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path txt = tif.resolveSibling(base + ".txt");
        Path json = tif.resolveSibling(base + ".json");
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, Object> experiment = new LinkedHashMap<>();
        List<Object> rois = new ArrayList<>();
        if (Files.isRegularFile(json)) {
            Map<String, Object> sidecar;
            try {
                sidecar = new ObjectMapper().readValue(json.toFile(), Map.class);
            } catch (IOException e) {
                throw new IOException("cannot read sidecar " + json + ": " + e.getMessage(), e);
            }
            if (sidecar.get("header") instanceof Map<?, ?> h) {
                header.putAll((Map<String, Object>) h);
            }
            if (sidecar.get("experiment_metadata") instanceof Map<?, ?> e) {
                experiment.putAll((Map<String, Object>) e);
            }
            if (sidecar.get("rois") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m && m.containsKey("dim0_start")) {
                        for (Roi roi : Rois.parse(List.of(o))) {
                            rois.add(Rois.toEnvelope(roi)); // the older v1.0 form, stored in the current form
                        }
                    } else {
                        rois.add(o);
                    }
                }
                Rois.parse(rois); // fails now, naming the ROI, rather than during analysis
            }
        }
        if (Files.isRegularFile(txt)) {
            header.putAll(olympusHeader(txt));
        }
        header.put("shape", java.util.Arrays.stream(pixels.shape()).boxed().toList());
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
     * @param txt the header file
     * @return header entries: {@code voxels [delt, delx]}, units, {@code acquired_local_epoch_ns}
     * @throws IOException when the file cannot be read
     */
    public static Map<String, Object> olympusHeader(Path txt) throws IOException {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(txt, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", 2);
            if (parts.length == 2) {
                pairs.putIfAbsent(parts[0].replace("\"", "").strip(), parts[1].replace("\"", "").strip());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Double delx = numberBefore(pairs.get("X Dimension"), "[um/pixel]");
        Double duration = numberBefore(pairs.get("T Dimension"), "[s]");
        String size = pairs.get("Image Size");
        Integer lines = null;
        if (size != null) {
            Matcher m = Pattern.compile("(\\d+)\\s*\\*\\s*(\\d+)").matcher(size);
            if (m.find()) {
                lines = Integer.parseInt(m.group(2));
            }
        }
        if (delx != null && duration != null && lines != null && lines > 0) {
            out.put("voxels", List.of(duration / lines, delx));
            out.put("voxels_units", List.of("s", "um"));
            out.put("source", "olympus");
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

    private static Double numberBefore(String value, String unit) {
        if (value == null || !value.contains(unit)) {
            return null;
        }
        String head = value.substring(0, value.indexOf(unit)).strip();
        Matcher m = NUMBER.matcher(head);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last == null ? null : Double.parseDouble(last);
    }
}
