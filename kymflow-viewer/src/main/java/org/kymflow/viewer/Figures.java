package org.kymflow.viewer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.kymflow.runtime.DatasetReader;

/**
 * "Save figure" of the image page: the same PNG or SVG as {@code kymflow plot} (one {@link KymographPlot} for
 * both), of the time range in view.
 */
final class Figures {
    private Figures() {
    }

    /**
     * @param dataset the dataset folder
     * @param imageId the image
     * @param from the view's start (seconds, or lines without a scale), or null
     * @param to its end, or null
     * @param svg SVG rather than PNG
     * @return the figure's bytes
     */
    static byte[] figure(Path dataset, String imageId, Double from, Double to, boolean svg) {
        try {
            Path file = Files.createTempFile("kymflow-figure", svg ? ".svg" : ".png");
            try (DatasetReader ds = DatasetReader.open(dataset)) {
                KymographPlot.plot(ds, imageId, from, to, false, Map.of(), file);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the figure could not be drawn: " + e.getMessage(), e);
        }
    }
}
