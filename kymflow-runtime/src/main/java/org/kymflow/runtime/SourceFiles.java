package org.kymflow.runtime;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.api.Provenance;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.ZarrDatasetReader;

/**
 * The {@code sources} table (DESIGN.md section 3), which ingest writes: which source file each image came
 * from. People know their images by file name, not by id, so every reader of a dataset that shows images
 * to people (the commands, the viewer) names them through this one reading.
 */
public final class SourceFiles {
    /** The table name, as the Python package names it. */
    public static final String TABLE = "sources";
    /** The column of the source file's path. */
    public static final String PATH = "source_primary_path";
    /** The column of the image id. */
    public static final String IMAGE_ID = Provenance.IMAGE_ID;

    private SourceFiles() {
    }

    /**
     * @param dataset a dataset
     * @return the path and image id columns of its sources table, or empty when it has none (or a table
     *     of that name that ingest did not write)
     */
    public static Optional<Table> pathsAndIds(ZarrDatasetReader dataset) {
        if (!dataset.hasTable(TABLE)) {
            return Optional.empty();
        }
        Schema schema = dataset.describeTable(TABLE).schema();
        if (!schema.contains(PATH) || !schema.contains(IMAGE_ID)) {
            return Optional.empty();
        }
        return Optional.of(dataset.loadTableRows(TABLE, null, List.of(PATH, IMAGE_ID), Long.MAX_VALUE));
    }

    /**
     * @param dataset a dataset
     * @return image id to its source file's name (without folders), for the images that came from ingest
     */
    public static Map<String, String> fileNames(ZarrDatasetReader dataset) {
        Map<String, String> out = new HashMap<>();
        pathsAndIds(dataset).ifPresent(sources -> {
            for (int r = 0; r < sources.rowCount(); r++) {
                out.put(sources.getString(IMAGE_ID, r), fileName(sources.getString(PATH, r)));
            }
        });
        return out;
    }

    /**
     * @param path a source path as stored
     * @return its last element
     */
    public static String fileName(String path) {
        return Path.of(path).getFileName().toString();
    }
}
