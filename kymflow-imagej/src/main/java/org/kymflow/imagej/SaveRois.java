package org.kymflow.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.MetadataKeys;
import org.kymflow.runtime.DatasetWriter;

/**
 * {@code KymFlow Save ROIs}: the ROI Manager's rectangles become the current image's ROIs in its dataset, as a
 * ROI edit on the command line does (checked against the image, logged, the image's analyses stale). A ROI
 * named {@code roi N} keeps id N and the other fields it had; any other rectangle gets a new id; ROIs no
 * longer in the manager are removed. Refused, with who holds it, while another process writes the dataset.
 */
public final class SaveRois implements PlugIn {
    /** Needed by ImageJ. */
    public SaveRois() {
    }

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        RoiManager rm = Commands.roiManager();
        Commands.guard("KymFlow Save ROIs", () -> {
            Roi[] rois = rm.getRoisAsArray();
            int saved = save(Commands.datasetOf(imp), Commands.imageIdOf(imp), rois);
            IJ.showStatus("KymFlow: saved " + saved + " ROIs of " + imp.getTitle());
        });
    }

    /**
     * @param dataset the dataset
     * @param imageId the image
     * @param rois the rectangles to save
     * @return how many were saved
     * @throws IllegalArgumentException naming a ROI that is not a rectangle, or one the library refuses
     */
    static int save(Path dataset, String imageId, Roi[] rois) {
        try (DatasetWriter ds = DatasetWriter.open(dataset)) {
            Map<Integer, Map<String, Object>> before = new LinkedHashMap<>();
            for (Object o : org.kymflow.runtime.Rois.normalised(ds.imageFacts(imageId).rois())) { // older-form ROIs in the current form
                if (o instanceof Map<?, ?> m) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    m.forEach((k, v) -> copy.put(String.valueOf(k), v));
                    before.put(org.kymflow.api.Roi.parseAll(List.of(o)).get(0).roiId(), copy);
                }
            }
            int next = 1;
            for (int id : before.keySet()) {
                next = Math.max(next, id + 1);
            }
            for (Roi roi : rois) {
                Integer id = idOf(roi);
                next = Math.max(next, id == null ? next : id + 1);
            }
            List<Object> out = new ArrayList<>();
            for (Roi roi : rois) {
                if (roi.getType() != Roi.RECTANGLE) {
                    throw new IllegalArgumentException("ROI '" + roi.getName() + "' is a " + roi.getTypeAsString()
                            + "; KymFlow's ROIs are rectangles");
                }
                Integer id = idOf(roi);
                Rectangle r = roi.getBounds();
                Map<String, Object> stored = id != null && before.containsKey(id) ? before.get(id)
                        : org.kymflow.runtime.Rois.toEnvelope(new org.kymflow.api.Roi(id == null ? next++ : id, 1, 0, 0, 1, 0, 1));
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("x0", r.x);
                data.put("x1", r.x + r.width);
                data.put("y0", r.y);
                data.put("y1", r.y + r.height);
                stored.put("data", data);
                String kind = roi.getProperty("kind");
                stored.put(MetadataKeys.KIND, kind == null || kind.isEmpty() ? stored.getOrDefault(MetadataKeys.KIND, "velocity") : kind);
                out.add(stored);
            }
            ds.setRois(imageId, out);
            return out.size();
        }
    }

    /** The id in a name {@code roi N}, or null. */
    private static Integer idOf(Roi roi) {
        String name = roi.getName();
        if (name != null && name.matches("roi \\d{1,9}")) {
            return Integer.parseInt(name.substring(4));
        }
        return null;
    }
}
