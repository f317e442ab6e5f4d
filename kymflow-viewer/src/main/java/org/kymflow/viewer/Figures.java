package org.kymflow.viewer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.kymflow.runtime.DatasetReader;

/**
 * "Save figure" of the image page: the same PNG or SVG as {@code kymflow plot} (one {@link KymographPlot} for
 * both) of the view: its time and space range and colour map, with each ROI's heart rate where heart_rate is
 * fresh for the image, as {@code kymflow plot} shows it.
 */
final class Figures {
    private Figures() {
    }

    /**
     * @param dataset the dataset folder
     * @param imageId the image
     * @param view the page's view
     * @param heartRates ROI id to its heart rate in bpm, where fresh
     * @param svg SVG rather than PNG
     * @return the figure's bytes
     */
    static byte[] figure(Path dataset, String imageId, KymographPlot.View view, Map<Integer, Double> heartRates, boolean svg) {
        try {
            Path file = Files.createTempFile("kymflow-figure", svg ? ".svg" : ".png");
            try (DatasetReader ds = DatasetReader.open(dataset)) {
                KymographPlot.plot(ds, imageId, view, heartRates, file);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the figure could not be drawn: " + e.getMessage(), e);
        }
    }

    /**
     * @param query the figure request's query: {@code from}, {@code to} (seconds, or lines without a scale),
     *     {@code space_from}, {@code space_to} (micrometres, or pixels), {@code cmap}
     * @return the view it asks for
     * @throws IllegalArgumentException naming a parameter that is not a number or an unknown colour map
     */
    static KymographPlot.View view(Map<String, String> query) {
        return new KymographPlot.View(number(query, "from"), number(query, "to"), number(query, "space_from"), number(query, "space_to"),
                false, query.getOrDefault("cmap", "gray"));
    }

    private static Double number(Map<String, String> query, String key) {
        return query.containsKey(key) ? QueryParams.doubleParam(query, key) : null;
    }
}
