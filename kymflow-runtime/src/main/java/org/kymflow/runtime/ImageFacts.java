package org.kymflow.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.api.MetadataKeys;
import org.kymflow.api.Provenance;
import org.kymflow.api.Roi;
import org.kymflow.api.Scale;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Table;
import org.kymflow.zarr.ArrayInfo;
import org.kymflow.zarr.ZarrImageReader;

/**
 * What a list of images shows of each: its file, acquisition time, shape, pixel type, scale, ROI count and
 * experiment fields, read from its own files one way for the command line and the viewer.
 *
 * @param imageId the image id
 * @param file its source file's name, or null when it did not come from ingest
 * @param acquiredLocalEpochNs the acquisition time from its header (the microscope's local clock), or null
 * @param shape the pixel array's shape
 * @param dtype the pixel type, as numpy names it (e.g. {@code uint16})
 * @param scale microns per pixel and seconds per line, when the header gives them
 * @param roiCount how many ROIs the image has
 * @param experiment the sidecar's experiment fields
 * @param rois the ROIs as the payload stores them (the sidecar form)
 */
public record ImageFacts(String imageId, String file, Long acquiredLocalEpochNs, List<Long> shape, String dtype, Optional<Scale> scale,
                         int roiCount, Map<String, Object> experiment, List<Object> rois) {
    /**
     * Copies the collections.
     *
     * @param imageId see the record
     * @param file see the record
     * @param acquiredLocalEpochNs see the record
     * @param shape see the record
     * @param dtype see the record
     * @param scale see the record
     * @param roiCount see the record
     * @param experiment see the record
     * @param rois see the record
     */
    public ImageFacts {
        shape = List.copyOf(shape);
        rois = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rois));
        experiment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(experiment));
    }

    /**
     * @param image the image
     * @param file its source file's name, or null
     * @return its facts
     * @throws org.kymflow.zarr.ZarrException naming the file when the image's array or metadata cannot be read
     * @throws IllegalArgumentException naming the ROI when a ROI is malformed
     */
    static ImageFacts of(ZarrImageReader image, String file) {
        Map<String, Object> payload = ImageMetadata.payload(image);
        Object acquired = ImageMetadata.header(payload).get(MetadataKeys.ACQUIRED_LOCAL_EPOCH_NS);
        ArrayInfo info = image.arrayInfo();
        List<Long> shape = java.util.Arrays.stream(info.shape()).boxed().toList();
        return new ImageFacts(image.imageId(), file, acquired instanceof Number n ? n.longValue() : null, shape,
                info.dtype().numpyName(), Scale.fromMetadata(payload), Roi.parseAll(payload.get(MetadataKeys.ROIS)).size(),
                ImageMetadata.experiment(payload), payload.get(MetadataKeys.ROIS) instanceof List<?> l ? List.copyOf(l) : List.of());
    }

    /** @return the acquisition time in ISO 8601 to the millisecond, or null when unknown */
    public String acquired() {
        return acquiredLocalEpochNs == null ? null : ImageMetadata.acquiredIso(acquiredLocalEpochNs);
    }

    /**
     * @return the facts as a JSON object: {@code image_id, file, acquired, acquired_local_epoch_ns, shape, dtype,
     *     delx_um, delt_s, rois (the list, in the sidecar form), experiment}
     */
    public Map<String, Object> toJson() {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put(Provenance.IMAGE_ID, imageId);
        row.put("file", file);
        row.put("acquired", acquired());
        row.put("acquired_local_epoch_ns", acquiredLocalEpochNs);
        row.put("shape", shape.toString());
        row.put("dtype", dtype);
        row.put("delx_um", scale.map(Scale::delx).orElse(null));
        row.put("delt_s", scale.map(Scale::delt).orElse(null));
        row.put("rois", rois); // as the payload and a sidecar hold them
        row.put("experiment", experiment);
        return row;
    }

    /**
     * @param images the images' facts
     * @return one row per image, with a text column per experiment field any image has (for CSV)
     */
    public static Table toTable(List<ImageFacts> images) {
        Table.ColumnBuilder b = Table.columnBuilder();
        List<Map<String, Object>> rows = images.stream().map(ImageFacts::toJson).toList();
        for (String key : List.of(Provenance.IMAGE_ID, "file", "acquired", "shape", "dtype")) {
            b.addStrings(key, rows.stream().map(r -> r.get(key) == null ? null : r.get(key).toString()).toArray(String[]::new));
        }
        for (String key : List.of("delx_um", "delt_s")) {
            Column.Builder c = new Column.Builder(ColumnType.DOUBLE, rows.size());
            rows.forEach(r -> c.add(r.get(key)));
            b.add(Field.of(key, ColumnType.DOUBLE), c.build());
        }
        b.addInts("rois", images.stream().mapToInt(ImageFacts::roiCount).toArray()); // a count, in a spreadsheet
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        images.forEach(f -> keys.addAll(f.experiment().keySet()));
        for (String key : keys) {
            b.addStrings(key, images.stream().map(f -> f.experiment().get(key) == null ? null : f.experiment().get(key).toString())
                    .toArray(String[]::new));
        }
        return b.build();
    }
}
