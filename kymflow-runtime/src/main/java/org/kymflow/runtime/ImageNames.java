package org.kymflow.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kymflow.api.Provenance;
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

    /**
     * @param t rows with an {@code image_id} column
     * @return image id to its rows' indexes in {@code t}, images in the order they first appear
     */
    public static Map<String, int[]> rowsByImage(Table t) {
        Map<String, List<Integer>> rows = new java.util.LinkedHashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            rows.computeIfAbsent(t.getString(Provenance.IMAGE_ID, r), k -> new ArrayList<>()).add(r);
        }
        Map<String, int[]> out = new java.util.LinkedHashMap<>();
        rows.forEach((id, list) -> out.put(id, list.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /**
     * For people: the source file's name beside each image id (CSV and JSON keep a table as it is).
     *
     * @param t rows with an {@code image_id} column
     * @param files image id to file name
     * @return the rows with a {@code file} column after {@code image_id}; the rows unchanged when they have no
     *     image id, already a file, or no image has a file
     */
    public static Table withFileNames(Table t, Map<String, String> files) {
        if (!t.hasColumn(Provenance.IMAGE_ID) || t.hasColumn("file") || files.isEmpty()) {
            return t;
        }
        Table.ColumnBuilder b = Table.columnBuilder();
        for (int c = 0; c < t.columnCount(); c++) {
            b.add(t.schema().field(c), t.column(c));
            if (t.schema().field(c).name().equals(Provenance.IMAGE_ID)) {
                String[] names = new String[t.rowCount()];
                for (int r = 0; r < names.length; r++) {
                    names[r] = files.get(t.getString(Provenance.IMAGE_ID, r));
                }
                b.addStrings("file", names);
            }
        }
        return b.build();
    }

    /**
     * One output file name per image, after its file: images whose files share a name ({@code a/img.tif} and
     * {@code b/img.tif}) each get their id's first characters too, so no output overwrites another. Names are
     * compared without case, as macOS and Windows folders do.
     *
     * @param ids the images
     * @param files image id to file name
     * @param extension the output extension, with its dot
     * @return image id to output file name, in file order
     */
    public static Map<String, String> outputNames(List<String> ids, Map<String, String> files, String extension) {
        Map<String, Integer> uses = new java.util.HashMap<>();
        Map<String, String> stems = new java.util.LinkedHashMap<>();
        for (String id : inFileOrder(ids, files)) {
            String stem = files.getOrDefault(id, id).replaceFirst("\\.[^.]*$", "");
            stems.put(id, stem);
            uses.merge(stem.toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Set<String> taken = new java.util.HashSet<>();
        stems.forEach((id, stem) -> {
            String name = (uses.get(stem.toLowerCase(Locale.ROOT)) > 1 ? stem + "-" + id.substring(0, Math.min(8, id.length())) : stem)
                    + extension;
            if (!taken.add(name.toLowerCase(Locale.ROOT))) {
                name = stem + "-" + id + extension; // a file already named like a short form: the whole id is unique
                taken.add(name.toLowerCase(Locale.ROOT));
            }
            out.put(id, name);
        });
        return out;
    }
}
