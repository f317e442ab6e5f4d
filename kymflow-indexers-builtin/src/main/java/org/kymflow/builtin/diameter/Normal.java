package org.kymflow.builtin.diameter;

/**
 * The standard normal density and distribution function, for the fit's model of clipped pixels. The JDK has
 * no erf; W. J. Cody's rational erfc (as in most C libraries) would be exact to rounding, but the fit only
 * needs a smooth, monotone approximation: Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7.
 */
final class Normal {
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    private Normal() {
    }

    /**
     * @param z a value
     * @return the density at z
     */
    static double pdf(double z) {
        return Double.isInfinite(z) ? 0 : INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /**
     * @param z a value
     * @return the probability of a standard normal value below z
     */
    static double cdf(double z) {
        if (z == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        if (z == Double.POSITIVE_INFINITY) {
            return 1;
        }
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
        return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }
}
