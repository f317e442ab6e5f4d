package org.kymflow.imagej;

import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;
import java.nio.file.Path;

/**
 * {@code KymFlow Open Image} ({@code dataset=[PATH] image=[ID, prefix or file name]}): shows a dataset image,
 * calibrated, with its ROIs in the ROI Manager ({@code roi 1}, {@code roi 2}, ...; kind and channel as ROI
 * properties) and its metadata in the image's info (Image &gt; Show Info).
 */
public final class OpenImage implements PlugIn {
    /** Needed by ImageJ. */
    public OpenImage() {
    }

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog("KymFlow Open Image");
        gd.addStringField("dataset", Commands.lastDataset(), 50);
        gd.addStringField("image", "", 30);
        gd.addMessage("image: an image id, a unique prefix of one, or a file name");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String dataset = gd.getNextString().trim();
        String image = gd.getNextString().trim();
        Commands.guard("KymFlow Open Image", () -> show(Path.of(dataset), image));
        Commands.rememberDataset(dataset);
    }

    /**
     * Opens and shows an image, its ROIs in the ROI Manager (replacing what it held).
     *
     * @param dataset the dataset folder
     * @param image an image id, prefix or file name
     */
    static void show(Path dataset, String image) {
        ImageOpener.Opened opened = ImageOpener.open(dataset, image);
        opened.image().show();
        RoiManager rm = Commands.roiManager();
        rm.reset();
        for (Roi roi : opened.rois()) {
            rm.addRoi(roi);
        }
        ij.IJ.showStatus("KymFlow: " + opened.image().getTitle() + ", " + opened.rois().size() + " ROIs");
    }
}
