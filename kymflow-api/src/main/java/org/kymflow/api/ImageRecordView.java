package org.kymflow.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.table.Table;

/**
 * What an indexer sees of one image: read-only. No method writes, and nothing handed out can change
 * what is stored.
 *
 * <p>A small core (id, axes, shape, dtype, a box of pixels, metadata, artifacts) and conveniences that
 * are default methods over it, so the view can grow without breaking anyone who implements it (a test
 * double, an embedder's own store).
 */
public interface ImageRecordView {
    /** @return the image id */
    String imageId();

    /** @return the axis names, e.g. {@code [y, x]} for a kymograph (y = time, x = space) */
    List<String> axes();

    /** @return the array shape */
    int[] shape();

    /** @return the numpy dtype name, e.g. {@code uint16} */
    String dtype();

    /** @return all pixels; by default the box that covers the whole image */
    default Pixels pixels() {
        return pixels(new long[shape().length], shape());
    }

    /**
     * Reads a box of pixels, touching only the storage it needs.
     *
     * @param offset start per axis
     * @param shape length per axis
     * @return the pixels of the box
     * @throws IllegalArgumentException when the box leaves the image
     */
    Pixels pixels(long[] offset, int[] shape);

    /**
     * @return the metadata payload ({@code header}, {@code experiment_metadata}, {@code rois}) as plain
     *     maps, lists and values; empty when the image has none. The maps are unmodifiable.
     */
    Map<String, Object> metadata();

    /**
     * @return the image's physical scale from its metadata header, or empty when the header gives none
     *     (an analysis then reports pixels and lines); see {@link Scale#fromMetadata}
     */
    default Optional<Scale> scale() {
        return Scale.fromMetadata(metadata());
    }

    /**
     * @return the rectangular ROIs of the metadata ({@link Roi#parseAll}), clamped to the image; empty when
     *     there are none
     * @throws IllegalArgumentException naming the image and ROI when the metadata's ROIs are malformed
     */
    default List<Roi> rois() {
        int[] shape = shape();
        List<String> axes = axes();
        int yAxis = axes.indexOf("y");
        int xAxis = axes.indexOf("x");
        int height = yAxis >= 0 ? shape[yAxis] : shape[0];
        int width = xAxis >= 0 ? shape[xAxis] : shape[shape.length - 1];
        List<Roi> out = new java.util.ArrayList<>();
        try {
            for (Roi roi : Roi.parseAll(metadata().get(MetadataKeys.ROIS))) {
                out.add(roi.clampedTo(height, width));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image " + imageId() + ": " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }


    /**
     * What a ROI measures, from its {@code "kind"} in the metadata: {@code "velocity"} (the default, a scan
     * along a vessel) or {@code "diameter"} (a scan across it). Velocity analyses skip diameter ROIs and the
     * other way round.
     *
     * @param roiId a ROI's id, as {@link #rois()} gives it
     * @return the ROI's kind; {@code "velocity"} when it declares none or there is no such ROI
     */
    default String roiKind(int roiId) {
        return Roi.kindOf(metadata().get(MetadataKeys.ROIS), roiId);
    }

    /**
     * @param name a JSON artifact name
     * @return the artifact as plain Java values, or empty when absent
     */
    Optional<Object> json(String name);

    /**
     * @param name a per-image table artifact name
     * @return the table, or empty when absent
     */
    Optional<Table> table(String name);

    /** @return the per-image analysis file names */
    List<String> analysisKeys();

    /**
     * The rows an input indexer produced for this image (its table's rows of this image, provenance
     * columns included), read-only.
     *
     * @param indexer the name of an indexer listed in the calling indexer's {@link BaseIndexer#inputs()}
     * @return the rows; empty when the input found nothing for this image
     * @throws IllegalArgumentException naming both indexers when {@code indexer} is not a declared input
     *     (the default: a view that offers no inputs)
     */
    default Table inputRows(String indexer) {
        throw new IllegalArgumentException("'" + indexer + "' is not a declared input of the indexer reading image " + imageId()
                + "; declare it in inputs()");
    }
}
