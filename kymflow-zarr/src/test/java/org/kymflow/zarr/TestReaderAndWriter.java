package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset opened for reading cannot write, by type; the writer is also a reader. */
class TestReaderAndWriter {
    @TempDir
    Path tmp;

    private static Set<String> publicMethods(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> declaredPublicMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theReaderTypesHaveNoWriteMethod() {
        for (Class<?> reader : List.of(ZarrDatasetReader.class, ZarrImageReader.class)) {
            for (String name : publicMethods(reader)) {
                assertFalse(name.matches("(save|add|delete|replace|rewrite|update|set).*"), reader.getSimpleName() + " has " + name);
            }
        }
        // every write method the writers add is absent from the readers
        Set<String> datasetWrites = new TreeSet<>(declaredPublicMethods(ZarrDataset.class));
        datasetWrites.removeAll(Set.of("record", "iterRecords")); // narrowed return types, not writes
        assertTrue(datasetWrites.containsAll(Set.of("addImage", "saveTable", "replaceRowsForImageIds", "saveDocument", "deleteImage")), datasetWrites.toString());
        datasetWrites.forEach(w -> assertFalse(publicMethods(ZarrDatasetReader.class).contains(w), w));
        Set<String> recordWrites = declaredPublicMethods(ZarrImageRecord.class);
        assertTrue(recordWrites.containsAll(Set.of("saveArray", "saveJson", "saveMetadataPayload", "deleteAnalysis")), recordWrites.toString());
        recordWrites.forEach(w -> assertFalse(publicMethods(ZarrImageReader.class).contains(w), w));
    }

    @Test
    void aReaderSeesWhatTheWriterWroteWithoutTakingTheLock() {
        Path root = tmp.resolve("d.zarr");
        try (ZarrDataset writer = ZarrDataset.open(root, OpenMode.APPEND)) {
            ZarrImageRecord rec = writer.addImage(TestArrays.randomArray(DType.UINT16, 4, 30, 8));
            rec.saveMetadataPayload(Map.of("header", Map.of("um_per_pixel", 0.5)));
            writer.saveTable("kym_t", TestTables.rows(rec.imageId(), 3, 0));
            try (ZarrDatasetReader reader = ZarrDatasetReader.open(root)) { // the writer holds the lock: a reader still opens
                assertSame(ZarrDatasetReader.class, reader.getClass());
                ZarrImageReader image = reader.record(rec.imageId());
                assertSame(ZarrImageReader.class, image.getClass());
                assertEquals(rec.loadArray(), image.loadArray());
                assertEquals(rec.pixelsFingerprint(), image.pixelsFingerprint());
                assertEquals(Map.of("um_per_pixel", 0.5), image.loadMetadataPayload().get("header"));
                assertEquals(3, reader.describeTable("kym_t").rowCount());
                assertEquals(List.of(rec.imageId()), reader.iterRecords(OrderBy.ACQUIRED).stream().map(ZarrImageReader::imageId).toList());
                assertEquals(OpenMode.READ, reader.mode());
            }
        }
    }

    @Test
    void aReaderOpensOnlyAnExistingDataset() {
        ZarrException missing = assertThrows(ZarrException.class, () -> ZarrDatasetReader.open(tmp.resolve("none.zarr")));
        assertTrue(missing.getMessage().contains("none.zarr"), missing.getMessage());
        ZarrException notOne = assertThrows(ZarrException.class, () -> ZarrDatasetReader.open(tmp));
        assertTrue(notOne.getMessage().contains(".zgroup"), notOne.getMessage());
    }
}
