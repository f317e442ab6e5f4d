package org.kymflow.zarr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The manifest's JSON form ({@code index/manifest.json.gz}), with each key defined once, as Python writes it. */
final class ManifestJson {
    static final String SCHEMA_VERSION = Attrs.SCHEMA_VERSION;
    static final String FORMAT = Attrs.FORMAT;
    static final String CREATED_UTC = Attrs.CREATED_UTC;
    static final String UPDATED_UTC = Attrs.UPDATED_UTC;
    static final String IMAGES = "images";
    static final String IMAGE_ID = ZarrDatasetReader.IMAGE_ID_COLUMN;
    static final String SHAPE = "shape";
    static final String DTYPE = "dtype";
    static final String CHUNKS = "chunks";
    static final String AXES = Attrs.AXES;
    static final String ACQUIRED = "acquired_local_epoch_ns";
    static final String ANALYSIS_KEYS = "analysis_keys";

    private ManifestJson() {
    }

    static Map<String, Object> toJson(Manifest m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(SCHEMA_VERSION, m.schemaVersion());
        json.put(FORMAT, m.format());
        json.put(CREATED_UTC, m.createdUtc());
        json.put(UPDATED_UTC, m.updatedUtc());
        List<Object> images = new ArrayList<>();
        for (ManifestImage i : m.images()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put(IMAGE_ID, i.imageId());
            e.put(SHAPE, i.shape());
            e.put(DTYPE, i.dtype());
            e.put(CHUNKS, i.chunks());
            e.put(AXES, i.axes());
            e.put(CREATED_UTC, i.createdUtc());
            e.put(UPDATED_UTC, i.updatedUtc());
            e.put(ACQUIRED, i.acquiredLocalEpochNs());
            e.put(ANALYSIS_KEYS, i.analysisKeys());
            images.add(e);
        }
        json.put(IMAGES, images);
        return json;
    }

    @SuppressWarnings("unchecked")
    static Manifest fromJson(Map<String, Object> json, String where) {
        try {
            List<ManifestImage> images = new ArrayList<>();
            for (Object o : (List<Object>) json.getOrDefault(IMAGES, List.of())) {
                Map<String, Object> e = (Map<String, Object>) o;
                List<Long> shape = new ArrayList<>();
                for (Object s : (List<Object>) e.get(SHAPE)) {
                    shape.add(((Number) s).longValue());
                }
                List<Integer> chunks = new ArrayList<>();
                for (Object c : (List<Object>) e.get(CHUNKS)) {
                    chunks.add(((Number) c).intValue());
                }
                Object acquired = e.get(ACQUIRED);
                images.add(new ManifestImage((String) e.get(IMAGE_ID), shape, (String) e.get(DTYPE), chunks,
                        (List<String>) e.get(AXES), (String) e.get(CREATED_UTC), (String) e.get(UPDATED_UTC),
                        acquired == null ? null : ((Number) acquired).longValue(),
                        (List<String>) e.getOrDefault(ANALYSIS_KEYS, List.of())));
            }
            return new Manifest(((Number) json.get(SCHEMA_VERSION)).intValue(), (String) json.get(FORMAT),
                    (String) json.get(CREATED_UTC), (String) json.get(UPDATED_UTC), images);
        } catch (ClassCastException | NullPointerException e) {
            throw new ZarrException(where + ": malformed manifest (" + e.getMessage() + "); it is derived data: "
                    + "'kymflow ingest' or ZarrDataset.updateManifest() rebuilds it", e);
        }
    }

    /** @return the manifest entry of an image as it is now */
    static ManifestImage entry(ZarrImageReader r) {
        ArrayInfo info = r.arrayInfo();
        Map<String, Object> attrs = r.attrs();
        List<Long> shape = new ArrayList<>();
        for (long s : info.shape()) {
            shape.add(s);
        }
        List<Integer> chunks = new ArrayList<>();
        for (int c : info.chunks()) {
            chunks.add(c);
        }
        return new ManifestImage(r.imageId(), shape, info.dtype().numpyName(), chunks, r.axes(),
                String.valueOf(attrs.getOrDefault(Attrs.CREATED_UTC, "")), String.valueOf(attrs.getOrDefault(Attrs.UPDATED_UTC, "")),
                acquiredEpochNs(r), r.listAnalysisKeys());
    }

    /** @return the image's acquisition time from its header, or null when unknown (no metadata, or no time in it, as in Python) */
    static Long acquiredEpochNs(ZarrImageReader r) {
        return r.headerValue(ACQUIRED) instanceof Number n ? n.longValue() : null;
    }
}
