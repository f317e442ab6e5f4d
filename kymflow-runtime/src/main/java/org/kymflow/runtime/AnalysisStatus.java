package org.kymflow.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kymflow.api.Provenance;

/**
 * One analysis's state over a dataset: how many images are up to date, and why the others are not.
 *
 * @param name the analysis
 * @param images each image's staleness, in image-id order
 */
public record AnalysisStatus(String name, List<ImageStaleness> images) {
    /**
     * Copies the list.
     *
     * @param name see the record
     * @param images see the record
     */
    public AnalysisStatus {
        images = List.copyOf(images);
    }

    /** @return how many images are up to date */
    public int fresh() {
        return (int) images.stream().filter(ImageStaleness::isFresh).count();
    }

    /** @return how many images are not */
    public int stale() {
        return images.size() - fresh();
    }

    /** @return reason name to how many images have it, sorted by name */
    public Map<String, Integer> reasons() {
        Map<String, Integer> out = new TreeMap<>();
        images.forEach(s -> out.merge(s.reason().name(), 1, Integer::sum));
        return out;
    }

    /**
     * @param perImage whether to list each image's reason and facts
     * @return the state as a JSON object: {@code name, table, images, fresh, stale, reasons[, per_image]}
     */
    public Map<String, Object> toJson(boolean perImage) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("table", NamePolicy.tableName(name));
        entry.put("images", images.size());
        entry.put("fresh", fresh());
        entry.put("stale", stale());
        entry.put("reasons", reasons());
        if (perImage) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ImageStaleness s : images) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(Provenance.IMAGE_ID, s.imageId());
                m.put("reason", s.reason().name());
                m.put("facts", s.facts());
                list.add(m);
            }
            entry.put("per_image", list);
        }
        return entry;
    }
}
