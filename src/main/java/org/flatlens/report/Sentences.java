package org.flatlens.report;

import java.util.Locale;
import org.flatlens.experiments.CorrelationResult;

/** Numbers and intervals as text. */
public final class Sentences {
    private Sentences() {}

    /** E.g. "Kendall τ = 0.61 [0.38, 0.79]". */
    public static String coefficient(CorrelationResult r) {
        return r.method().label() + " = " + num(r.estimate()) + " " + interval(r);
    }

    public static String interval(CorrelationResult r) {
        return "[" + num(r.lo()) + ", " + num(r.hi()) + "]";
    }

    /** Two decimals, or "undefined". */
    public static String num(double v) {
        return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Four significant digits for measures (e.g. 0.01234, 1.235e+04). */
    public static String value(double v) {
        if (Double.isNaN(v)) return "–";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) return String.format(Locale.ROOT, "%.3e", v);
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
