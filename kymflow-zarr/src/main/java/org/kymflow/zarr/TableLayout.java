package org.kymflow.zarr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.MessageType;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * Which images each row group of a table holds, with their row counts and stamp values. Tables we write
 * carry it in their footer ({@value #INDEX_KEY}), so it costs one footer read; for other tables (pandas,
 * older versions) it is found by reading the image_id and stamp columns, one row group at a time.
 */
final class TableLayout {
    /** The footer key-value entry that holds the index. */
    static final String INDEX_KEY = "kymflow.image_index";

    final List<List<ImageRows>> rowGroups;
    final MessageType schema;
    /** Whether every row group holds whole images in increasing id order, and groups follow each other in order. */
    final boolean ordered;

    private TableLayout(List<List<ImageRows>> rowGroups, MessageType schema) {
        this.rowGroups = rowGroups;
        this.schema = schema;
        this.ordered = isOrdered(rowGroups);
    }

    static TableLayout read(InputFile file, String where, List<String> stampColumns) {
        try (ParquetFileReader reader = ParquetTables.openReader(file)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            String json = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(INDEX_KEY);
            if (json != null) {
                List<List<ImageRows>> groups = parse(json, where, stampColumns);
                if (groups != null && groups.size() == reader.getRowGroups().size()) {
                    return new TableLayout(groups, schema);
                }
            }
            return new TableLayout(scan(reader, schema, where, stampColumns), schema);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ZarrException z) {
                throw z;
            }
            throw new ZarrException(where + ": not a readable Parquet file: " + e.getMessage(), e);
        }
    }

    /** Reads image_id and the stamp columns of each row group (only those columns are decoded). */
    private static List<List<ImageRows>> scan(ParquetFileReader reader, MessageType schema, String where, List<String> stampColumns)
            throws IOException {
        if (!schema.containsField(ParquetTables.IMAGE_ID)) {
            throw new ZarrException(where + ": has no image_id column, so its rows cannot be grouped by image");
        }
        List<String> wanted = new ArrayList<>();
        wanted.add(ParquetTables.IMAGE_ID);
        for (String c : stampColumns) {
            if (schema.containsField(c)) {
                wanted.add(c);
            }
        }
        List<org.apache.parquet.schema.Type> kept = new ArrayList<>();
        for (org.apache.parquet.schema.Type t : schema.getFields()) {
            if (wanted.contains(t.getName())) {
                kept.add(t);
            }
        }
        MessageType projected = new MessageType(schema.getName(), kept);
        reader.setRequestedSchema(projected);
        Schema fields = ParquetTables.schemaOf(projected, where);
        String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        List<List<ImageRows>> groups = new ArrayList<>();
        PageReadStore pages;
        while ((pages = reader.readNextRowGroup()) != null) {
            groups.add(imagesOf(ParquetTables.decode(pages, projected, fields, createdBy), stampColumns));
        }
        return groups;
    }

    /** The images of a table's rows in order of appearance, runs of one id counted together. */
    static List<ImageRows> imagesOf(Table rows, List<String> stampColumns) {
        return imagesOf(rows, 0, rows.rowCount(), stampColumns);
    }

    /** The images of rows {@code from..to} in order of appearance, runs of one id counted together. */
    static List<ImageRows> imagesOf(Table rows, int from, int to, List<String> stampColumns) {
        List<ImageRows> out = new ArrayList<>();
        int r = from;
        while (r < to) {
            String id = rows.getString(ParquetTables.IMAGE_ID, r);
            int end = r;
            while (end < to && id.equals(rows.getString(ParquetTables.IMAGE_ID, end))) {
                end++;
            }
            Map<String, String> stamps = new LinkedHashMap<>();
            for (String c : stampColumns) {
                stamps.put(c, rows.hasColumn(c) && !rows.isNull(c, r) ? String.valueOf(rows.get(c, r)) : null);
            }
            out.add(new ImageRows(id, end - r, stamps));
            r = end;
        }
        return out;
    }

    private static boolean isOrdered(List<List<ImageRows>> groups) {
        String last = null;
        for (List<ImageRows> group : groups) {
            for (ImageRows image : group) {
                if (last != null && image.imageId().compareTo(last) <= 0) {
                    return false; // an id repeats (split or interleaved) or goes backwards
                }
                last = image.imageId();
            }
        }
        return true;
    }

    /** Every image's rows over the whole table (an image split over row groups is counted once). */
    Map<String, ImageRows> byImage() {
        Map<String, ImageRows> out = new LinkedHashMap<>();
        for (List<ImageRows> group : rowGroups) {
            for (ImageRows image : group) {
                out.merge(image.imageId(), image, (a, b) -> new ImageRows(a.imageId(), a.rowCount() + b.rowCount(), a.stamps()));
            }
        }
        return out;
    }

    static String toJson(List<List<ImageRows>> groups, List<String> stampColumns) {
        List<Object> out = new ArrayList<>();
        for (List<ImageRows> group : groups) {
            List<Object> images = new ArrayList<>();
            for (ImageRows image : group) {
                List<Object> entry = new ArrayList<>();
                entry.add(image.imageId());
                entry.add(image.rowCount());
                for (String c : stampColumns) {
                    entry.add(image.stamps().get(c));
                }
                images.add(entry);
            }
            out.add(images);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        json.put("stamp_columns", stampColumns);
        json.put("row_groups", out);
        return org.kymflow.table.PythonJson.canonical(json);
    }

    /** @return the groups, or null when the index does not hold the stamp columns asked for */
    @SuppressWarnings("unchecked")
    private static List<List<ImageRows>> parse(String json, String where, List<String> stampColumns) {
        Map<String, Object> root = Json.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), where + " (" + INDEX_KEY + ")");
        if (!(root.get("stamp_columns") instanceof List<?> stored) || !stored.containsAll(stampColumns)
                || !(root.get("row_groups") instanceof List<?> groups)) {
            return null;
        }
        List<List<ImageRows>> out = new ArrayList<>();
        for (Object g : groups) {
            List<ImageRows> images = new ArrayList<>();
            for (Object e : (List<Object>) g) {
                List<Object> entry = (List<Object>) e;
                Map<String, String> stamps = new LinkedHashMap<>();
                for (String c : stampColumns) {
                    Object v = entry.get(2 + stored.indexOf(c));
                    stamps.put(c, v == null ? null : String.valueOf(v));
                }
                images.add(new ImageRows((String) entry.get(0), ((Number) entry.get(1)).longValue(), stamps));
            }
            out.add(images);
        }
        return out;
    }
}
