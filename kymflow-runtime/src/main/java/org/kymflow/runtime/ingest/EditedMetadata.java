package org.kymflow.runtime.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * Metadata sections ({@code rois}, {@code experiment_metadata}) edited in KymFlow since ingest: marked in the
 * image's provenance ({@code edited}) so that a re-ingest of a changed sidecar keeps the edit and reports the
 * conflict instead of overwriting it, unless told that the sidecar wins.
 */
public final class EditedMetadata {
    /** Provenance key: the metadata sections edited through the library since ingest. */
    static final String EDITED = "edited";

    private EditedMetadata() {
    }

    /**
     * Records that a section of an image's metadata ({@code rois}, {@code experiment_metadata}) was edited in
     * KymFlow, before the edit is saved: a later ingest whose sidecar changed then keeps the edit and reports
     * the conflict, rather than overwriting it (a crash between the two leaves a mark without an edit, which
     * only makes that ingest keep what is stored and say so).
     *
     * @param image the image
     * @param section the payload key edited
     */
    public static void markEdited(ZarrImageRecord image, String section) {
        Map<String, Object> provenance = Ingest.provenance(image);
        List<Object> edited = provenance.get(EDITED) instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        if (!edited.contains(section)) {
            edited.add(section);
            provenance.put(EDITED, edited);
            image.saveJson(Ingest.PROVENANCE, provenance);
        }
    }

    /**
     * The payload a changed sidecar or header gives, with the sections edited in KymFlow kept from the stored
     * payload and the conflict reported; with {@code sidecarWins}, the sidecar's values and the marks removed
     * from {@code provenance} (which the caller saves).
     */
    static Map<String, Object> keep(ZarrImageRecord rec, Map<String, Object> fresh, Map<String, Object> provenance, Path tif,
                                    boolean sidecarWins, Map<Path, String> conflicts) {
        if (!(provenance.get(EDITED) instanceof List<?> edited) || edited.isEmpty()) {
            return fresh;
        }
        List<String> sections = edited.stream().map(String::valueOf).toList();
        String what = String.join(" and ", sections);
        if (sidecarWins) {
            provenance.remove(EDITED);
            conflicts.put(tif, "the changed sidecar replaced the " + what + " edited in KymFlow (--sidecar-wins)");
            return fresh;
        }
        Map<String, Object> stored = org.kymflow.runtime.ImageMetadata.payload(rec);
        Map<String, Object> out = new LinkedHashMap<>(fresh);
        for (String section : sections) {
            if (stored.containsKey(section)) {
                out.put(section, stored.get(section));
            }
        }
        conflicts.put(tif, "its sidecar or header changed after the " + what + " were edited in KymFlow; the edits are kept"
                + " ('kymflow ingest --sidecar-wins' takes the sidecar's instead)");
        return out;
    }
}
