package org.kymflow.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.Raster;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kymflow.builtin.diameter.DiameterAnalysis;
import org.kymflow.builtin.diameter.DiameterParams;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;

/**
 * The diameter methods on the two shared cross-section scans: Python's two methods give Python's whole-pixel
 * edges on every line (the truth files hold them), and our fit is measured against the generator's walls.
 */
class TestDiameterReference {
    /** A scan's pixels, read with ImageIO (not our ingest), and its truth file. */
    record Scan(double[] pixels, int lines, int width, Table truth) {
    }

    static Scan scan(String name) throws IOException {
        Path dir = RealData.folder().resolve("diameter");
        Raster raster = ImageIO.read(dir.resolve(name + ".tif").toFile()).getRaster();
        int lines = raster.getHeight();
        int width = raster.getWidth();
        int[] samples = raster.getSamples(0, 0, width, lines, 0, (int[]) null);
        double[] pixels = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            pixels[i] = samples[i];
        }
        try (Reader in = Files.newBufferedReader(dir.resolve(name + "_truth.csv"))) {
            return new Scan(pixels, lines, width, TableCsv.read(in));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross_clean", "cross_noise"})
    void pythonsMethodsGivePythonsEdgesOnEveryLine(String name) throws IOException {
        Scan s = scan(name);
        for (String method : new String[] {DiameterParams.THRESHOLD_WIDTH, DiameterParams.GRADIENT_EDGES}) {
            DiameterAnalysis.Result r = DiameterAnalysis.analyze(s.pixels(), s.lines(), s.width(), 0, 0, 0.5, DiameterParams.ofMethod(method));
            assertEquals(s.lines(), r.size());
            int differ = 0;
            for (int k = 0; k < r.size(); k++) {
                double left = s.truth().getDouble(method + "_left_edge_px", k);
                double right = s.truth().getDouble(method + "_right_edge_px", k);
                if (!same(left, r.left()[k]) || !same(right, r.right()[k])
                        || !same(s.truth().getDouble(method + "_diameter_px", k), r.diameter()[k])) {
                    differ++;
                }
            }
            assertEquals(0, differ, name + " " + method + ": lines whose edges differ from Python's");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross_clean", "cross_noise"})
    void theFitIsWithinATenthOfAPixelOfTheWalls(String name) throws IOException {
        Scan s = scan(name);
        DiameterAnalysis.Result r = DiameterAnalysis.analyze(s.pixels(), s.lines(), s.width(), 0, 0, 0.5, DiameterParams.ofDefaults());
        double sum = 0;
        double pythonBest = 0;
        int measured = 0;
        for (int k = 0; k < r.size(); k++) {
            double truth = s.truth().getDouble("truth_diameter_px", k);
            pythonBest += Math.abs(s.truth().getDouble("gradient_edges_diameter_px", k) - truth);
            if (Double.isFinite(r.diameter()[k])) {
                measured++;
                sum += Math.abs(r.diameter()[k] - truth);
            }
        }
        double mean = sum / measured;
        long flagged = r.qcFlags().stream().filter(f -> !f.isEmpty()).count();
        assertTrue(flagged <= r.size() / 100, "a clean fit is not flagged: " + flagged + " lines, e.g. " + r.qcFlags().stream()
                .filter(f -> !f.isEmpty()).findFirst().orElse(java.util.List.of()));
        System.out.printf("%s: sigmoid_fit mean |error| %.4f px on %d of %d lines; gradient_edges %.4f%n", name, mean, measured,
                r.size(), pythonBest / r.size());
        assertTrue(measured >= 0.99 * r.size(), "a diameter on at least 99% of lines: " + measured);
        assertTrue(mean <= 0.5 * pythonBest / r.size(), "at most half of Python's best mean |error|: " + mean);
    }

    private static boolean same(double expected, double actual) {
        return Double.isNaN(expected) ? Double.isNaN(actual) : expected == actual;
    }
}
