package org.kymflow.zarr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kymflow.zarr.store.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What killed writers left in a dataset: temporary files of commits (a half-written table can be
 * megabytes), and image folders without their group marker (an {@link ZarrDataset#addImage} that did not
 * finish: the marker is written last, so such a folder was never an image). A writer removes them at open;
 * validation reports them. One finder serves both, so the two never disagree on what a leftover is.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(ZarrDataset.class);
    /** The folders whose temporaries a writer clears at open: where tables, manifests and documents are committed. */
    private static final List<String> COMMIT_FOLDERS = List.of("", ZarrDataset.TABLES, ZarrDataset.INDEX);

    private Leftovers() {
    }

    /** One leftover: a temporary file's key, or the folder of an image whose addition never finished. */
    private record Leftover(String key, boolean unfinishedImage) {
    }

    private static List<Leftover> find(KeyValueStore store) throws IOException {
        List<Leftover> out = new ArrayList<>();
        for (String folder : COMMIT_FOLDERS) {
            for (String key : store.listLeftovers(folder)) {
                out.add(new Leftover(key, false));
            }
        }
        for (String child : store.listChildren(ZarrDataset.IMAGES)) {
            String folder = ZarrDataset.IMAGES + "/" + child;
            if (!child.startsWith(".") && store.isFolder(folder) && !store.exists(folder + "/.zgroup")) {
                out.add(new Leftover(folder, true));
            }
        }
        return out;
    }

    /**
     * Removes the leftovers; call only while holding the writer lock, so nothing else is writing them.
     *
     * @param store the dataset's store
     * @param location the dataset, for the message
     * @throws ZarrException naming the dataset when the store cannot be listed or cleaned
     */
    static void remove(KeyValueStore store, String location) {
        List<String> removed = new ArrayList<>();
        try {
            for (Leftover leftover : find(store)) {
                if (leftover.unfinishedImage()) {
                    store.deletePrefix(leftover.key());
                } else if (!store.delete(leftover.key())) {
                    continue;
                }
                removed.add(store.describe(leftover.key()));
            }
        } catch (IOException e) {
            throw new ZarrException("cannot remove what an interrupted writer left in " + location + ": " + e.getMessage(), e);
        }
        removed.forEach(r -> LOG.warn("removed {}, left by an interrupted write", r));
    }

    /**
     * @param store the dataset's store
     * @param location the dataset, for the message
     * @return one problem line per leftover, for validation (a failed listing is a problem too)
     */
    static List<String> describe(KeyValueStore store, String location) {
        List<String> out = new ArrayList<>();
        try {
            for (Leftover leftover : find(store)) {
                String where = store.describe(leftover.key());
                out.add(leftover.unfinishedImage()
                        ? where + " is an image whose addition never finished (no .zgroup); the next writer removes it,"
                                + " and ingest adds its file again"
                        : where + " is left by an interrupted commit; the next writer removes it");
            }
        } catch (IOException e) {
            out.add("cannot list " + location + " for leftovers: " + e.getMessage());
        }
        return out;
    }
}
