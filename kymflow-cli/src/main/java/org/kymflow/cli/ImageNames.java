package org.kymflow.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kymflow.runtime.SourceFiles;
import org.kymflow.zarr.ZarrDataset;

/**
 * The command line's short names for {@link org.kymflow.runtime.ImageNames}, which the viewer and embedders
 * share: an image is its id, a unique id prefix, or its source file's name.
 */
final class ImageNames {
    private ImageNames() {
    }

    /**
     * @param dataset the dataset
     * @param names what the user typed, one or more
     * @return the image ids, in the order given
     * @throws IllegalArgumentException naming the unknown or ambiguous name and its candidates
     */
    static Set<String> resolve(ZarrDataset dataset, List<String> names) {
        return org.kymflow.runtime.ImageNames.resolve(dataset, names);
    }

    /**
     * @param dataset the dataset
     * @return image id to its source file's name, for images that came from ingest
     */
    static Map<String, String> fileNames(ZarrDataset dataset) {
        return SourceFiles.fileNames(dataset);
    }

    /**
     * @param ids image ids
     * @param files image id to file name
     * @return the ids by file name, then images with no file by id
     */
    static List<String> inFileOrder(List<String> ids, Map<String, String> files) {
        return org.kymflow.runtime.ImageNames.inFileOrder(ids, files);
    }

    /**
     * @param files image id to file name
     * @param id an image id
     * @return "file (id)" when the file is known, else the id
     */
    static String label(Map<String, String> files, String id) {
        return org.kymflow.runtime.ImageNames.label(files, id);
    }
}
