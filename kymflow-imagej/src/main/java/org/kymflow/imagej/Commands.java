package org.kymflow.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.macro.Interpreter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.kymflow.zarr.ZarrException;

/** What the commands share: the dataset and image an opened image came from, and one-line errors. */
final class Commands {
    /** Image property: the dataset the image was opened from. */
    static final String DATASET = "kymflow.dataset";
    /** Image property: its image id. */
    static final String IMAGE_ID = "kymflow.image_id";
    /** ImageJ preference: the dataset last used, offered in the next dialog. */
    static final String LAST_DATASET = "kymflow.dataset";

    private Commands() {
    }

    /** A command's work, which may fail with one of the library's documented exceptions. */
    interface Work {
        /**
         * @throws IOException when a file cannot be read or written
         */
        void run() throws IOException;
    }

    /**
     * Runs a command's work and reports a failure as one line: an ImageJ error message, which stops a macro
     * that ran the command; in a batch-mode macro the line goes to the log ({@code KymFlow error: ...}) and
     * the macro stops. Never a stack trace, never an exit.
     *
     * @param command the command's name, for the message
     * @param work the work
     * @return whether it succeeded
     */
    static boolean guard(String command, Work work) {
        try {
            work.run();
            return true;
        } catch (IllegalArgumentException | IllegalStateException | ZarrException | UncheckedIOException | IOException e) {
            fail(command + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return false;
        }
    }

    /**
     * @param message one line saying what went wrong
     */
    static void fail(String message) {
        IJ.showStatus("");
        IJ.showProgress(1.0);
        if (Interpreter.getInstance() != null && Interpreter.isBatchMode()) {
            // a batch-mode macro has no one to click a dialog away (ImageJ's macro-error dialog would wait
            // for ever under a virtual display): the message goes to the log, stdout in ImageJ -batch, and
            // the macro stops
            IJ.log("KymFlow error: " + message);
            Interpreter.abort();
            return;
        }
        IJ.error("KymFlow", message); // a dialog, which also stops a macro
    }

    /**
     * @param imp an image
     * @return the dataset it was opened from
     * @throws IllegalStateException when it was not opened by KymFlow Open Image
     */
    static Path datasetOf(ImagePlus imp) {
        String dataset = imp == null ? null : imp.getProp(DATASET);
        if (dataset == null || dataset.isEmpty()) {
            throw new IllegalStateException("the current image " + (imp == null ? "(none)" : "'" + imp.getTitle() + "'")
                    + " was not opened from a dataset; open one with KymFlow Open Image");
        }
        return Path.of(dataset);
    }

    /**
     * @param imp an image opened by KymFlow Open Image
     * @return its image id
     */
    static String imageIdOf(ImagePlus imp) {
        datasetOf(imp);
        return imp.getProp(IMAGE_ID);
    }

    /**
     * @return the ROI Manager a macro's {@code roiManager(...)} sees: the hidden one of a batch-mode macro, else
     *     the open one, created when there is none
     */
    static ij.plugin.frame.RoiManager roiManager() {
        ij.plugin.frame.RoiManager rm = Interpreter.isBatchMode() ? Interpreter.getBatchModeRoiManager() : null;
        return rm != null ? rm : ij.plugin.frame.RoiManager.getRoiManager();
    }

    /** @return the dataset last used, for a dialog's default */
    static String lastDataset() {
        return Prefs.get(LAST_DATASET, "");
    }

    /**
     * @param dataset the dataset just used
     */
    static void rememberDataset(String dataset) {
        Prefs.set(LAST_DATASET, dataset);
    }
}
