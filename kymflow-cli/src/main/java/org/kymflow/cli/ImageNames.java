package org.kymflow.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.kymflow.runtime.SourceFiles;
import org.kymflow.table.Table;
import org.kymflow.zarr.ZarrDataset;

/**
 * Turns what a user types for an image into its id: the id itself, a unique id prefix, or the source
 * file's name with or without its extension (from the sources table). Anything else is an error that
 * lists the candidates.
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
        Set<String> out = new LinkedHashSet<>();
        if (names.isEmpty()) {
            return out;
        }
        List<String> ids = dataset.listImageIds();
        Table sources = SourceFiles.pathsAndIds(dataset).orElse(null);
        for (String name : names) {
            out.add(resolveOne(name, ids, sources));
        }
        return out;
    }

    /**
     * @param dataset the dataset
     * @return image id to its source file's name, for images that came from ingest
     */
    static java.util.Map<String, String> fileNames(ZarrDataset dataset) {
        return SourceFiles.fileNames(dataset);
    }

    /**
     * The order a lab reads a list of images in: by source file name, then images with no file by id.
     *
     * @param ids image ids
     * @param files image id to file name
     * @return the ids sorted
     */
    static List<String> inFileOrder(List<String> ids, java.util.Map<String, String> files) {
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(java.util.Comparator.comparing((String id) -> files.get(id), java.util.Comparator.nullsLast(String::compareTo))
                .thenComparing(id -> id));
        return sorted;
    }

    /**
     * @param files image id to file name
     * @param id an image id
     * @return "file (id)" when the file is known, else the id
     */
    static String label(java.util.Map<String, String> files, String id) {
        String file = files.get(id);
        return file == null ? id : file + " (" + id + ")";
    }

    private static String resolveOne(String name, List<String> ids, Table sources) {
        if (ids.contains(name)) {
            return name;
        }
        Set<String> byFile = new LinkedHashSet<>();
        if (sources != null) {
            for (int r = 0; r < sources.rowCount(); r++) {
                String file = SourceFiles.fileName(sources.getString(SourceFiles.PATH, r));
                String stem = file.replaceFirst("\\.[^.]*$", "");
                if (file.equals(name) || stem.equals(name) || file.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    byFile.add(sources.getString(SourceFiles.IMAGE_ID, r));
                }
            }
        }
        if (byFile.size() == 1) {
            return byFile.iterator().next();
        }
        if (byFile.size() > 1) {
            throw new IllegalArgumentException("image name '" + name + "' is ambiguous: it is the file of images " + byFile
                    + "; give the id");
        }
        List<String> prefixed = new ArrayList<>();
        for (String id : ids) {
            if (id.startsWith(name)) {
                prefixed.add(id);
            }
        }
        if (prefixed.size() == 1 && !name.isEmpty()) {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1) {
            throw new IllegalArgumentException("image id prefix '" + name + "' is ambiguous: " + prefixed);
        }
        throw new IllegalArgumentException("no image '" + name + "' (not an id, id prefix or source file name); the dataset has "
                + ids.size() + " images" + (ids.isEmpty() ? "" : ", e.g. " + ids.subList(0, Math.min(3, ids.size()))));
    }
}
