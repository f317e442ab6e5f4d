package org.kymflow.runtime;

/** Told after each image of a run; called from worker threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that does nothing. */
    ProgressListener NONE = (done, total, imageId) -> { };

    /**
     * @param done images finished so far (including this one)
     * @param total images in the run
     * @param imageId the image just finished
     */
    void imageDone(int done, int total, String imageId);
}
