package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * The bytes Java writes, pinned: a change to a {@code .zarray}, an attribute file or the table footer's
 * image index fails here, where a reader in another language (Python, DuckDB) would otherwise find it.
 * After a deliberate change: {@code mvn -pl kymflow-zarr test -Dtest=TestGoldenBytes -Dkymflow.updateGolden=true}.
 */
class TestGoldenBytes {
    @TempDir
    Path tmp;

    private static void assertGolden(String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("kymflow.updateGolden")) {
            Files.writeString(file, actual);
            return;
        }
        String expected;
        try (InputStream in = TestGoldenBytes.class.getResourceAsStream("/golden/" + name)) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected, actual, name + " changed: readers of our datasets see other bytes now");
    }

    /** Timestamps and file signatures (inode, time) differ on every write; everything else is pinned. */
    private static String withoutTimes(String json) {
        return json.replaceAll("\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z\"", "\"TIME\"")
                .replaceAll("\"stat\": \"[0-9a-f]+\"", "\"stat\": \"SIGNATURE\"");
    }

    @Test
    void aKymographsZarrayAndAttributesAreByteForByteAsPinned() throws IOException {
        Path root = tmp.resolve("d.zarr");
        String id;
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            id = ds.addImage(NdArray.ofUint16(new short[30000 * 38], 30000, 38)).imageId();
        }
        assertGolden("kymograph.zarray", Files.readString(root.resolve("images/" + id + "/data/.zarray")));
        assertGolden("image.zattrs", withoutTimes(Files.readString(root.resolve("images/" + id + "/.zattrs"))));
        assertGolden("dataset.zattrs", withoutTimes(Files.readString(root.resolve(".zattrs"))));
        assertGolden("dataset.zgroup", Files.readString(root.resolve(".zgroup")));
    }

    @Test
    void theTableFootersImageIndexIsAsPinned() throws IOException {
        Schema schema = Schema.of(Field.required("image_id", ColumnType.STRING), Field.required("analysis_version", ColumnType.STRING),
                Field.required("params_hash", ColumnType.STRING), Field.of("value", ColumnType.DOUBLE));
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("t.zarr"), OpenMode.WRITE)) {
            try (TableRewrite rewrite = ds.rewriteTable("kym_x", List.of("analysis_version", "params_hash"))) {
                rewrite.put("img-a", Table.builder(schema).addRow("img-a", "x@1", "h1", 1.0).addRow("img-a", "x@1", "h1", 2.0).build());
                rewrite.put("img-b", Table.builder(schema).addRow("img-b", "x@1", "h2", 3.0).build());
                rewrite.commit(java.util.Set.of());
            }
        }
        Path file = tmp.resolve("t.zarr/tables/kym_x.parquet");
        Map<String, String> footer;
        try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(file))) {
            footer = r.getFooter().getFileMetaData().getKeyValueMetaData();
        }
        assertGolden("footer-image-index.json", footer.get(TableLayout.INDEX_KEY) + "\n");
    }
}
