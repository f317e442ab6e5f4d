package org.kymflow.zarr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks a dataset against the on-disk contract; every problem names its file. */
final class DatasetValidator {
    private static final List<String> ROOT_KEYS = List.of(Attrs.FORMAT, Attrs.SCHEMA_VERSION, Attrs.CREATED_UTC, Attrs.UPDATED_UTC);
    private final ZarrDatasetReader dataset;
    private final DatasetStore store;

    DatasetValidator(ZarrDatasetReader dataset, DatasetStore store) {
        this.dataset = dataset;
        this.store = store;
    }

    List<String> validate() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> attrs = dataset.rootAttrs();
        for (String key : ROOT_KEYS) {
            if (!attrs.containsKey(key)) {
                problems.add(store.describe(".zattrs") + ": missing '" + key + "'");
            }
        }
        problems.addAll(dataset.leftovers());
        if (!store.has(ZarrDataset.IMAGES + "/.zgroup")) {
            problems.add(store.describe(ZarrDataset.IMAGES + "/.zgroup") + ": missing");
        }
        for (String id : dataset.listImageIds()) {
            problems.addAll(validateImage(id));
        }
        if (store.has(ZarrDataset.MANIFEST)) {
            try {
                dataset.loadManifest();
            } catch (ZarrException e) {
                problems.add(e.getMessage());
            }
        }
        for (String t : dataset.listTableNames()) {
            try {
                // decodes every page, one row group at a time: finds corruption a footer read would miss, in bounded memory
                dataset.scanTable(t, rows -> { });
            } catch (ZarrException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    List<String> validateImage(String imageId) {
        List<String> problems = new ArrayList<>();
        ZarrImageReader r;
        try {
            r = dataset.record(imageId);
        } catch (ImageNotFoundException e) {
            return List.of(e.getMessage());
        }
        String prefix = ZarrDataset.IMAGES + "/" + imageId;
        for (String leftover : r.interruptedWrites()) {
            problems.add("image " + imageId + ": " + leftover + " is left from an interrupted pixel write; saving the"
                    + " pixels again (re-ingest) finishes or removes it");
        }
        try {
            ArrayInfo info = r.arrayInfo();
            Object axes = r.attrs().get(Attrs.AXES);
            if (!(axes instanceof List<?> list) || list.size() != info.ndim()) {
                problems.add(store.describe(prefix + "/.zattrs") + ": axes " + axes + " do not match the array's "
                        + info.ndim() + " dimensions");
            }
            List<String> missing = r.missingChunks();
            for (String chunk : missing) {
                problems.add("image " + imageId + ": chunk " + chunk + " is missing (an interrupted write?); nothing reads"
                        + " these pixels until the image's source file is ingested again");
            }
            if (missing.isEmpty()) {
                r.loadArray(); // decodes every chunk: finds truncated or corrupt ones (and refuses absurd shapes first)
            }
            Object declared = headerShape(r);
            if (declared != null && !declared.equals(info.shapeAsList())) {
                problems.add("image " + imageId + ": the array's shape " + info.shapeAsList() + " differs from the shape "
                        + declared + " in " + store.describe(prefix + "/analysis/metadata.json"));
            }
        } catch (ZarrException | IllegalArgumentException e) {
            problems.add("image " + imageId + ": " + e.getMessage());
        }
        return problems;
    }

    /** The {@code header.shape} of the metadata payload as a list of longs (as given when not numeric), or null when absent. */
    private static Object headerShape(ZarrImageReader r) {
        if (!(r.headerValue("shape") instanceof List<?> shape)) {
            return null; // optional: an image without metadata, or without a shape in it, is valid
        }
        List<Long> out = new ArrayList<>();
        for (Object o : shape) {
            if (!(o instanceof Number n)) {
                return shape;
            }
            out.add(n.longValue());
        }
        return out;
    }
}
