package org.flatlens.tensor;

/** Special functions needed by the ops, within about 10 ulp in float64 (checked against correctly rounded values). */
public final class SpecialFunctions {
    /** 2/√π, 1/√2 and 1/√(2π), as the erf, GELU and Gaussian-density code uses them. */
    public static final double TWO_OVER_SQRT_PI = 1.1283791670955126, INV_SQRT2 = 0.7071067811865476,
            INV_SQRT_2PI = 0.3989422804014327;

    private SpecialFunctions() {}

    /** Taylor nodes of erf per unit of x: |x − x₀| ≤ 1/(2·{@value #NODES_PER_UNIT}). */
    private static final int NODES_PER_UNIT = 256;
    /**
     * Taylor terms: the first left out, erf'(x₀) p₆ with |p₆| ≤ |H₆(x₀)| / (512⁷ · 7!), is below 1e-19 for every node
     * below 6 (largest near x₀ = 3, where e^{−x₀²} is 1.2e-4).
     */
    private static final int TERMS = 6;
    /** erf(x₀) and erf'(x₀) = 2/√π e^{−x₀²} at the nodes x₀ = i / NODES_PER_UNIT, i ≤ 6·NODES_PER_UNIT. */
    private static final double[] NODE_ERF = new double[6 * NODES_PER_UNIT + 1];
    private static final double[] NODE_SLOPE = new double[NODE_ERF.length];
    /** The recurrence factors 2/(j+2) and 2j/((j+1)(j+2)) of {@link #erf}'s Taylor terms. */
    private static final double[] LINEAR = new double[TERMS], QUADRATIC = new double[TERMS];

    static {
        for (int i = 0; i < NODE_ERF.length; i++) {
            double x0 = (double) i / NODES_PER_UNIT;
            NODE_ERF[i] = x0 <= 3.0 ? erfSeries(x0) : 1.0 - erfcContinuedFraction(x0);
            NODE_SLOPE[i] = TWO_OVER_SQRT_PI * Math.exp(-x0 * x0);
        }
        for (int j = 0; j < TERMS; j++) {
            LINEAR[j] = 2.0 / (j + 2);
            QUADRATIC[j] = 2.0 * j / ((j + 1.0) * (j + 2.0));
        }
    }

    /** Nodes of tanh per unit of x: |x − x₀| ≤ 1/(2·{@value #TANH_NODES_PER_UNIT}). */
    private static final int TANH_NODES_PER_UNIT = 256;
    /** From here on tanh(x) rounds to ±1 (1 − tanh(19) ≈ 6e-17 is below half an ulp of 1). */
    private static final double TANH_SATURATED = 19.0;
    /** tanh(x₀) and 1 − tanh²(x₀) = 1/cosh²(x₀) at the nodes x₀ = i / TANH_NODES_PER_UNIT, from {@link StrictMath}. */
    private static final double[] NODE_TANH = new double[(int) (TANH_SATURATED * TANH_NODES_PER_UNIT) + 2];
    private static final double[] NODE_SECH2 = new double[NODE_TANH.length];

    static {
        for (int i = 0; i < NODE_TANH.length; i++) {
            double x0 = (double) i / TANH_NODES_PER_UNIT, c = StrictMath.cosh(x0);
            NODE_TANH[i] = StrictMath.tanh(x0);
            NODE_SECH2[i] = 1 / (c * c);
        }
    }

    /**
     * The hyperbolic tangent within 2.5 ulp of the true value (tested against 60-digit values; the nodes carry fdlibm's
     * error of up to 2 ulp, plus one rounding), about ten times faster than {@link Math#tanh}
     * (which is {@code StrictMath}'s: about 20 ns per call here, most of a tanh MLP's forward pass at batch 128). By the
     * addition theorem about the nearest node x₀ (a multiple of 1/256) with d = |x| − x₀, |d| ≤ 1/512:
     * {@code tanh(x₀ + d) = (t₀ + u) / (1 + t₀ u) = t₀ + u (1 − t₀²) / (1 + t₀ u)}, with t₀ = tanh(x₀) and 1 − t₀² from
     * tables and u = tanh(d) by its odd series to d⁹ (the first term left out is below 1e-27 relative to d); below
     * 1/128 the series alone. In the second form the rounding of the small correction hardly matters, so the error is about that of t₀ plus
     * one rounding. Only IEEE additions, multiplications and one division: the same bits whether the JIT has compiled
     * the caller or not, on every machine.
     */
    public static double tanh(double x) {
        double a = Math.abs(x);
        if (!(a < TANH_SATURATED)) return Double.isNaN(x) ? x : Math.copySign(1.0, x);
        if (a < 0x1p-7) return Math.copySign(oddSeries(a), x); // relative error of the series below 1e-18 here
        int i = (int) (a * TANH_NODES_PER_UNIT + 0.5);
        double d = a - (double) i / TANH_NODES_PER_UNIT; // exact: a and x₀ are within a factor 2 of each other
        double u = oddSeries(d), t0 = NODE_TANH[i];
        return Math.copySign(t0 + u * NODE_SECH2[i] / (1 + t0 * u), x);
    }

    /** tanh(d) = d − d³/3 + 2d⁵/15 − 17d⁷/315 + 62d⁹/2835 for small |d|. */
    private static double oddSeries(double d) {
        double d2 = d * d;
        return d + d * d2 * (-1.0 / 3 + d2 * (2.0 / 15 + d2 * (-17.0 / 315 + d2 * (62.0 / 2835))));
    }

    /**
     * The error function, as a Taylor expansion about the nearest node x₀ (a multiple of 1/256) of the values the
     * reference evaluation ({@link #erfReference}) gives at the nodes: with h = |x| − x₀ and the Hermite polynomials Hⱼ
     * ({@code dʲ/dxʲ e^{−x²} = (−1)ʲ Hⱼ(x) e^{−x²}}),
     * <pre>
     * erf(x₀ + h) = erf(x₀) + erf'(x₀) Σⱼ pⱼ,   pⱼ = (−1)ʲ Hⱼ(x₀) h^{j+1} / (j+1)!
     * p₀ = h,  p₁ = −x₀ h²,  pⱼ₊₁ = −(2 x₀ h / (j+2)) pⱼ − (2j h² / ((j+1)(j+2))) pⱼ₋₁
     * </pre>
     * About 25 flops and no exp, against the 20–60 terms of the series: GELU's erf was a fifth of a ViT training step.
     * The correction is below 0.01 in size, so the error is that of the node value plus about an ulp.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        // erfc(6) ≈ 2.2e-17 is below half an ulp of 1, so erf rounds to ±1 from here on.
        if (ax >= 6.0) return Math.copySign(1.0, x);
        int i = (int) Math.rint(ax * NODES_PER_UNIT);
        double x0 = (double) i / NODES_PER_UNIT, h = ax - x0; // exact: ax and x0 are within a factor 2, or x0 = 0
        double a = x0 * h, h2 = h * h;
        double prev = h, cur = -a * h, sum = prev + cur;
        for (int j = 1; j < TERMS - 1; j++) {
            double next = -(a * LINEAR[j]) * cur - (h2 * QUADRATIC[j]) * prev;
            prev = cur;
            cur = next;
            sum += next;
        }
        return Math.copySign(NODE_ERF[i] + NODE_SLOPE[i] * sum, x); // also keeps the sign of -0.0
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
