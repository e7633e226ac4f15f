package org.flatlens.tensor;

/** Special functions needed by the ops, within about 10 ulp in float64 (checked against correctly rounded values). */
public final class SpecialFunctions {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    private SpecialFunctions() {}

    /**
     * The error function. For |x| ≤ 3 the series {@code erf x = 2/√π e^{-x²} Σ_n 2^n x^{2n+1} / (1·3···(2n+1))}, whose
     * terms are all positive (no cancellation); beyond, {@code 1 − erfc x} with erfc from its continued fraction.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        // erfc(6) ≈ 2.2e-17 is below half an ulp of 1, so erf rounds to ±1 from here on (this also keeps ±∞ out of
        // the continued fraction, where ∞·0 gave NaN).
        if (ax >= 6.0) return Math.copySign(1.0, x);
        double r = ax <= 3.0 ? erfSeries(ax) : 1.0 - erfcContinuedFraction(ax);
        return Math.copySign(r, x); // also keeps the sign of -0.0
    }

    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** erfc(x) for x > 3 by the modified Lentz evaluation of {@code e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))}. */
    private static double erfcContinuedFraction(double x) {
        final double tiny = 1e-300;
        double f = x, c = x, d = 0.0;
        for (int n = 1; n < 500; n++) {
            double a = n * 0.5;
            d = x + a * d;
            d = 1.0 / (d == 0 ? tiny : d);
            c = x + a / c;
            if (c == 0) c = tiny;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) break;
        }
        return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
    }
}
