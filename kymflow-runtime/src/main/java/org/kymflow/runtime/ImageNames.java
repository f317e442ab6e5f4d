package org.kymflow.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kymflow.table.Table;
import org.kymflow.zarr.ZarrDatasetReader;

/**
 * What a person types or reads for an image: its id, a unique id prefix, or its source file's name with or
 * without the extension (from the sources table), resolved the same way by the command line, the viewer
 * and embedders; and labels that put the file name first.
 */
public final class ImageNames {
    private ImageNames() {
    }

    /**
     * @param dataset the dataset
     * @param names what the user typed, one or more
     * @return the image ids, in the order given
     * @throws IllegalArgumentException naming the unknown or ambiguous name and its candidates by file name
     */
    public static Set<String> resolve(ZarrDatasetReader dataset, List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        if (names.isEmpty()) {
            return out;
        }
        List<String> ids = dataset.listImageIds();
        Table sources = SourceFiles.pathsAndIds(dataset).orElse(null);
        Map<String, String> files = SourceFiles.fileNames(dataset);
        for (String name : names) {
            out.add(resolveOne(name, ids, sources, files));
        }
        return out;
    }

    /**
     * The order a lab reads a list of images in: by source file name, then images with no file by id.
     *
     * @param ids image ids
     * @param files image id to file name
     * @return the ids sorted
     */
    public static List<String> inFileOrder(List<String> ids, Map<String, String> files) {
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparing((String id) -> files.get(id), Comparator.nullsLast(String::compareTo))
                .thenComparing(id -> id));
        return sorted;
    }

    /**
     * @param files image id to file name
     * @param id an image id
     * @return "file (id)" when the file is known, else the id
     */
    public static String label(Map<String, String> files, String id) {
        String file = files.get(id);
        return file == null ? id : file + " (" + id + ")";
    }

    private static String resolveOne(String name, List<String> ids, Table sources, Map<String, String> files) {
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
            throw new IllegalArgumentException("image name '" + name + "' is ambiguous: it is the file of "
                    + byFile.stream().map(id -> label(files, id)).toList() + "; give an id or its prefix");
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
            throw new IllegalArgumentException("image id prefix '" + name + "' is ambiguous: "
                    + prefixed.stream().map(id -> label(files, id)).toList());
        }
        List<String> examples = inFileOrder(ids, files).subList(0, Math.min(3, ids.size())).stream()
                .map(id -> files.containsKey(id) ? files.get(id) : id).toList();
        throw new IllegalArgumentException("no image '" + name + "' (not an id, id prefix or source file name); the dataset has "
                + ids.size() + " images" + (ids.isEmpty() ? "" : ", e.g. " + String.join(", ", examples)));
    }
}
