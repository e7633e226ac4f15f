package org.flatlens.report;

import java.util.Locale;
import org.flatlens.experiments.CorrelationResult;
import org.flatlens.experiments.Predictions;

/** Findings and numbers as text. */
public final class Sentences {
    private Sentences() {}

    /**
     * E.g. "sharpness vs mls: Kendall τ = 0.61 [0.38, 0.79], n = 24 runs — positive, as predicted (flatter minima
     * compress more)".
     */
    public static String finding(Predictions.Finding f) {
        CorrelationResult r = f.result();
        String sign = r.sign() > 0 ? "positive" : r.sign() < 0 ? "negative" : "no clear sign";
        String expected = f.prediction().sign() > 0 ? "predicted positive" : f.prediction().sign() < 0
                ? "predicted negative" : "no consistent relation expected";
        return r.x() + " vs " + r.y() + ": " + coefficient(r) + ", n = " + r.n() + " " + unit(r) + " — " + sign + ", "
                + f.verdict() + " (" + expected + ": " + f.prediction().reason() + ")"
                + (r.n() < 10 ? "; with fewer than 10 points the bootstrap interval is only a rough guide" : "");
    }

    /** E.g. "Kendall τ = 0.61 [0.38, 0.79]". */
    public static String coefficient(CorrelationResult r) {
        return r.method().label() + " = " + num(r.estimate()) + " " + interval(r);
    }

    public static String interval(CorrelationResult r) {
        return "[" + num(r.lo()) + ", " + num(r.hi()) + "]";
    }

    static String unit(CorrelationResult r) {
        return r.scope().equals("runs") ? "runs" : "checkpoints";
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
