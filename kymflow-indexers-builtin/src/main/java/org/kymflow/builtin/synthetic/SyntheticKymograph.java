package org.kymflow.builtin.synthetic;

import java.util.Random;

/**
 * Draws kymographs with a known flow velocity: bright red-cell streaks on a dim background that move
 * {@code pixelsPerLine} columns each line, plus Gaussian noise. For unit tests and the demo.
 *
 * <p>Velocity in mm/s relates to the drawn slope as the Radon analysis reads it:
 * {@code velocity = delx / delt * pixelsPerLine / 1000} (delx in um/pixel, delt in s/line).
 */
public final class SyntheticKymograph {
    private SyntheticKymograph() {
    }

    /**
     * @param velocityMmS the flow velocity to draw (sign = direction)
     * @param delx um per pixel
     * @param delt s per line
     * @return the slope in pixels per line that gives that velocity
     */
    public static double pixelsPerLine(double velocityMmS, double delx, double delt) {
        return velocityMmS * 1000.0 * delt / delx;
    }

    /**
     * Draws a uint16 kymograph.
     *
     * @param lines rows (time)
     * @param pixels columns (space)
     * @param pixelsPerLine streak slope: columns moved per line
     * @param noiseStd standard deviation of the added noise, in counts
     * @param seed random seed (same seed, same image)
     * @return row-major uint16 values as shorts, values within 0..4095
     */
    public static short[] draw(int lines, int pixels, double pixelsPerLine, double noiseStd, long seed) {
        Random random = new Random(seed);
        double spacing = 20.0; // cells every 20 pixels: slopes up to 10 px/line stay unaliased
        double width = 1.6;
        double phase = random.nextDouble() * spacing;
        short[] out = new short[lines * pixels];
        for (int t = 0; t < lines; t++) {
            for (int x = 0; x < pixels; x++) {
                double u = x - pixelsPerLine * t + phase; // position along the moving frame
                double d = u - spacing * Math.floor(u / spacing) - spacing / 2;
                double cell = Math.exp(-d * d / (2 * width * width));
                double v = 150 + 900 * cell + noiseStd * random.nextGaussian();
                out[t * pixels + x] = (short) Math.max(0, Math.min(4095, Math.round(v)));
            }
        }
        return out;
    }
}
