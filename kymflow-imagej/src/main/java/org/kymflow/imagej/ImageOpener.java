package org.kymflow.imagej;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.api.MetadataKeys;
import org.kymflow.api.Scale;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.ImageFacts;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrImageReader;

/**
 * A dataset image as ImageJ shows a kymograph: lines as rows (width = space, height = time), calibrated in
 * um and seconds when the header gives a scale, its ROIs as rectangles named {@code roi N} with their kind as
 * a property, and its experiment metadata in the image's info.
 */
final class ImageOpener {
    private ImageOpener() {
    }

    /**
     * An opened image and its ROIs.
     *
     * @param image the image, with the dataset and image id as properties
     * @param rois its ROIs, in the dataset's order
     */
    record Opened(ImagePlus image, List<Roi> rois) {
    }

    /**
     * @param dataset the dataset folder
     * @param name an image id, a unique id prefix or a file name
     * @return the image and its ROIs
     * @throws IllegalArgumentException naming an unknown or ambiguous image, or an image that is not 2-D
     */
    static Opened open(Path dataset, String name) {
        try (DatasetReader ds = DatasetReader.open(dataset)) {
            String id = ds.resolve(List.of(name)).iterator().next();
            ZarrImageReader rec = ds.storage().record(id);
            NdArray pixels = rec.loadArray();
            int[] shape = pixels.shape();
            if (shape.length != 2) {
                throw new IllegalArgumentException("image " + ds.label(id) + " has shape " + java.util.Arrays.toString(shape)
                        + "; KymFlow opens 2-D kymographs (time, space)");
            }
            ImageFacts facts = ds.imageFacts(id);
            ImagePlus imp = new ImagePlus(facts.file() == null ? id : facts.file(), processor(pixels, shape[1], shape[0]));
            Optional<Scale> scale = facts.scale();
            if (scale.isPresent()) {
                Calibration cal = imp.getCalibration();
                cal.pixelWidth = scale.get().delx();
                cal.pixelHeight = scale.get().delt();
                cal.setXUnit("µm");
                cal.setYUnit("s");
            }
            imp.setProp(Commands.DATASET, dataset.toAbsolutePath().toString());
            imp.setProp(Commands.IMAGE_ID, id);
            imp.setProperty("Info", info(dataset, id, facts));
            List<Roi> rois = new ArrayList<>();
            for (Object o : facts.rois()) {
                org.kymflow.api.Roi roi = org.kymflow.api.Roi.parseAll(List.of(o)).get(0);
                Roi r = new Roi(roi.x0(), roi.y0(), roi.width(), roi.height());
                r.setName("roi " + roi.roiId());
                r.setProperty("kind", o instanceof Map<?, ?> m && m.get(MetadataKeys.KIND) instanceof String k ? k : "velocity");
                r.setProperty("channel", String.valueOf(roi.channel()));
                rois.add(r);
            }
            return new Opened(imp, rois);
        }
    }

    /** ImageJ's processor for the stored type: 8 and 16 bits as they are, everything else as 32-bit float. */
    private static ImageProcessor processor(NdArray pixels, int width, int height) {
        return switch (pixels.dtype()) {
            case UINT8 -> new ByteProcessor(width, height, (byte[]) pixels.copyData());
            case UINT16 -> new ShortProcessor(width, height, (short[]) pixels.copyData(), null);
            // int16, int32, floats: as values, which 32-bit float holds exactly for 16-bit and within 2^24 for 32-bit
            default -> new FloatProcessor(width, height, pixels.toFloatArray());
        };
    }

    private static String info(Path dataset, String id, ImageFacts facts) {
        StringBuilder sb = new StringBuilder();
        sb.append("KymFlow dataset: ").append(dataset.toAbsolutePath()).append('\n');
        sb.append("image_id: ").append(id).append('\n');
        sb.append("file: ").append(facts.file()).append('\n');
        if (facts.acquired() != null) {
            sb.append("acquired: ").append(facts.acquired()).append('\n');
        }
        facts.scale().ifPresent(s -> sb.append("delx_um: ").append(s.delx()).append("\ndelt_s: ").append(s.delt()).append('\n'));
        facts.experiment().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
