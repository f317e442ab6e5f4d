package org.kymflow.runtime;

import java.util.Map;
import org.kymflow.zarr.ZarrDatasetReader;

/**
 * Image id to source file name for callers that ask once per image (a run, an extraction engine): the
 * {@code sources} table is read on the first question and kept, so a thousand images cost one read.
 * A lookup lives as long as its caller's view of the dataset; make a new one after an ingest.
 */
final class FileNameLookup {
    private final ZarrDatasetReader dataset;
    private volatile Map<String, String> names;

    FileNameLookup(ZarrDatasetReader dataset) {
        this.dataset = dataset;
    }

    /**
     * @param imageId an image id
     * @return its source file's name, or null when it did not come from ingest
     */
    String fileName(String imageId) {
        Map<String, String> known = names;
        if (known == null) {
            synchronized (this) {
                if (names == null) {
                    names = SourceFiles.fileNames(dataset);
                }
                known = names;
            }
        }
        return known.get(imageId);
    }
}
