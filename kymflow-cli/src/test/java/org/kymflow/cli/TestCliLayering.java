package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kymflow.builtin.summary.VelocitySummaryIndexer;
import org.kymflow.runtime.export.LabSummary;

/** The command line parses, calls the library and renders: it never reaches into the storage itself. */
class TestCliLayering {
    @Test
    void noCommandNamesAStorageType() throws Exception {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("org.kymflow.zarr");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders, "these use kymflow-zarr directly instead of the library's DatasetReader/DatasetWriter");
    }

    @Test
    void theLibraryNamesTheSummaryAnalysisAsTheBuiltInDoes() {
        assertEquals(VelocitySummaryIndexer.NAME, LabSummary.SUMMARY_INDEXER);
        assertTrue(Files.isDirectory(Path.of("src/main/java/org/kymflow/cli")));
    }
}
