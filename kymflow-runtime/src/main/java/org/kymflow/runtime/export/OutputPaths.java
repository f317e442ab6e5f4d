package org.kymflow.runtime.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The one rule for everything that writes files from a dataset (export, summary, plot): nothing is written inside the
 * dataset (symbolic links followed, so a link into it is inside too), and nothing that exists is replaced
 * unless the caller says so ({@code --force} on the command line).
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Checks a file to write.
     *
     * @param dataset the dataset the command reads
     * @param file the file to write
     * @param force whether an existing file may be replaced
     * @throws IllegalArgumentException naming the path and what to do when the rule refuses it
     * @throws IOException when a path cannot be resolved
     */
    public static void checkFile(Path dataset, Path file, boolean force) throws IOException {
        checkOutside(dataset, file);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("refusing to write " + file.toAbsolutePath() + ": it is a folder; name a file");
        }
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException("refusing to replace " + file.toAbsolutePath() + ": it exists (choose another"
                    + " name, or --force)");
        }
    }

    /**
     * Checks a folder to write into.
     *
     * @param dataset the dataset the command reads
     * @param folder the folder (new, or empty unless {@code force})
     * @param force whether files may be written into a folder that is not empty (same names replaced)
     * @throws IllegalArgumentException naming the path and what to do when the rule refuses it
     * @throws IOException when a path cannot be resolved or listed
     */
    public static void checkFolder(Path dataset, Path folder, boolean force) throws IOException {
        checkOutside(dataset, folder);
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("refusing to write into " + folder.toAbsolutePath() + ": it is a file");
        }
        if (!force && Files.isDirectory(folder)) {
            try (Stream<Path> children = Files.list(folder)) {
                if (children.findAny().isPresent()) {
                    throw new IllegalArgumentException("refusing to write into " + folder.toAbsolutePath() + ": it is not empty"
                            + " (choose another folder, or --force)");
                }
            }
        }
    }

    /** Refuses a path inside the dataset, comparing real paths: the nearest existing ancestor decides. */
    private static void checkOutside(Path dataset, Path target) throws IOException {
        if (!Files.exists(dataset)) {
            return; // opening it says that there is no dataset there
        }
        Path data = dataset.toRealPath();
        Path absolute = target.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        Path real = existing == null ? absolute : existing.toRealPath().resolve(existing.relativize(absolute));
        if (real.startsWith(data)) {
            throw new IllegalArgumentException("refusing to write " + absolute + " inside the dataset " + data
                    + "; choose a place outside it");
        }
    }
}
