package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecialFunctionsTest {
    /**
     * Error allowed against the correctly rounded reference, in ulps of the reference. Measured worst case is 8 ulp
     * (at x = 2.5, a Taylor node whose value comes from the series); nodes beyond 3 (continued fraction) are within 1 ulp.
     */
    private static final double MAX_ULPS = 16;

    private static double ulps(double got, double ref) {
        return Math.abs(got - ref) / Math.ulp(ref);
    }

    /** Rows {x, erf(x)} of src/test/resources/org/flatlens/tensor/erf_reference.csv (see its header for its origin). */
    static List<double[]> reference() throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (InputStream in = SpecialFunctionsTest.class.getResourceAsStream("erf_reference.csv")) {
            assertNotNull(in, "erf_reference.csv missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split(",");
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
            }
        }
        return rows;
    }

    @Test
    void knownValues() {
        double[][] known = {{0.5, 0.5204998778130465}, {1, 0.8427007929497149}, {2, 0.9953222650189527},
            {3.5, 0.9999992569016276}, {-1.5, -0.9661051464753108}};
        for (double[] k : known) {
            double got = SpecialFunctions.erf(k[0]);
            assertTrue(ulps(got, k[1]) <= MAX_ULPS, "erf(" + k[0] + ") = " + got + ", expected " + k[1]);
        }
    }

    @Test
    void matchesCorrectlyRoundedReferenceEverywhere() throws IOException {
        double worst = 0, worstX = 0;
        List<double[]> rows = reference();
        assertTrue(rows.size() > 1200);
        for (double[] row : rows) {
            double u = ulps(SpecialFunctions.erf(row[0]), row[1]);
            if (u > worst) {
                worst = u;
                worstX = row[0];
            }
        }
        assertTrue(worst <= MAX_ULPS, "worst error " + worst + " ulp at x = " + worstX);
    }

    @Test
    void bothBranchesAgreeAtTheSwitchAtThree() throws IOException {
        // Nodes up to 3 come from the series, beyond from the continued fraction: no visible step between them.
        double below = SpecialFunctions.erf(3.0), above = SpecialFunctions.erf(Math.nextUp(3.0));
        assertTrue(ulps(above, below) <= MAX_ULPS, "step at 3: " + below + " -> " + above);
        for (double[] row : reference()) {
            if (Math.abs(Math.abs(row[0]) - 3.0) > 1e-5) continue;
            double got = SpecialFunctions.erf(row[0]);
            assertTrue(ulps(got, row[1]) <= MAX_ULPS, "erf(" + row[0] + ") = " + got + ", reference " + row[1]);
        }
    }

    @Test
    void isOddAndMonotoneOnTheGrid() {
        double prev = -1.0;
        for (int i = -600; i <= 600; i++) {
            double x = i / 100.0, e = SpecialFunctions.erf(x);
            assertEquals(-e, SpecialFunctions.erf(-x), "odd at " + x);
            assertTrue(e >= prev, "monotone at " + x);
            prev = e;
        }
    }

    /** Regression: erf(±∞) was NaN (the continued fraction computed ∞·0). */
    @Test
    void erfOfInfinityIsOne() {
        assertEquals(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, SpecialFunctions.erf(Double.MAX_VALUE));
        assertEquals(1.0, Tensor.of(new double[] {Double.POSITIVE_INFINITY}, 1).erf().item());
    }

    @Test
    void limitsAndSpecialValues() {
        assertEquals(1.0, SpecialFunctions.erf(40.0));
        assertEquals(1.0, SpecialFunctions.erf(6.0));
        assertEquals(-1.0, SpecialFunctions.erf(-7.5));
        assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
        assertEquals(0.0, SpecialFunctions.erf(0.0));
        assertEquals(2 / Math.sqrt(Math.PI) * 1e-300, SpecialFunctions.erf(1e-300), 1e-315);
    }

    /** Regression: erf(−0.0) returned +0.0 (the sign was restored with {@code x < 0}, false for −0.0). */
    @Test
    void erfOfNegativeZeroIsNegativeZero() {
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(SpecialFunctions.erf(-0.0)));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(SpecialFunctions.erf(0.0)));
    }

    @Test
    void tensorErfAppliesElementwise() {
        Tensor x = Tensor.of(new double[] {-2, 0, 0.5, 4}, 2, 2);
        Tensor y = x.erf();
        for (int i = 0; i < 4; i++) assertEquals(SpecialFunctions.erf(x.data()[i]), y.data()[i]);
    }

    /**
     * Against tanh computed to 60 digits. The bound is the error analysis, not a fit: the nodes' values come from
     * StrictMath.tanh (fdlibm, within 2 ulp; its worst on these points is printed too), the final addition rounds once
     * (half an ulp), and the correction term's own error is below 1e-3 of an ulp.
     */
    @Test
    void tanhIsWithinTwoAndAHalfUlpOfTheTrueValue() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        double worst = 0, worstStrict = 0;
        for (int n = 0; n < 6000; n++) {
            double x = switch (n % 3) {
                case 0 -> rng.nextDouble(0x1p-7, 19);
                case 1 -> Math.scalb(rng.nextDouble(0.5, 1), -rng.nextInt(1, 50));
                default -> (rng.nextInt(2, 19 * 256) + 0.5) / 256 + rng.nextDouble(-1e-9, 1e-9); // between nodes
            };
            if (rng.nextBoolean()) x = -x;
            java.math.BigDecimal ref = tanhTo60Digits(x);
            double ulp = Math.ulp(ref.doubleValue());
            double err = new java.math.BigDecimal(SpecialFunctions.tanh(x)).subtract(ref).abs().doubleValue() / ulp;
            worst = Math.max(worst, err);
            worstStrict = Math.max(worstStrict,
                    new java.math.BigDecimal(StrictMath.tanh(x)).subtract(ref).abs().doubleValue() / ulp);
            double xf = x;
            assertTrue(err <= 2.5, () -> "tanh(" + xf + "): " + SpecialFunctions.tanh(xf) + " vs " + ref);
        }
        System.out.printf("tanh against 60-digit values on 6,000 points: worst %.2f ulp (StrictMath.tanh: %.2f ulp)%n",
                worst, worstStrict);
    }

    /** (e^{2x} − 1) / (e^{2x} + 1) in 60-digit decimal arithmetic; e^y by halving y below 1/4, a series, squaring. */
    private static java.math.BigDecimal tanhTo60Digits(double x) {
        java.math.MathContext mc = new java.math.MathContext(60);
        java.math.BigDecimal y = new java.math.BigDecimal(2 * Math.abs(x)), quarter = new java.math.BigDecimal("0.25");
        int halvings = 0;
        for (; y.compareTo(quarter) > 0; halvings++) y = y.divide(java.math.BigDecimal.valueOf(2), mc);
        java.math.BigDecimal expm1 = java.math.BigDecimal.ZERO, term = java.math.BigDecimal.ONE;
        for (int k = 1; k < 60; k++) {
            term = term.multiply(y, mc).divide(java.math.BigDecimal.valueOf(k), mc);
            expm1 = expm1.add(term, mc);
        }
        // e^{2y} − 1 = (e^y − 1)(e^y + 1): keeps the small differences exact while squaring.
        for (int h = 0; h < halvings; h++) expm1 = expm1.multiply(expm1.add(java.math.BigDecimal.valueOf(2), mc), mc);
        java.math.BigDecimal t = expm1.divide(expm1.add(java.math.BigDecimal.valueOf(2), mc), mc);
        return x < 0 ? t.negate() : t;
    }

    @Test
    void tanhSpecialValuesOddnessAndMonotonicityToAnUlp() {
        assertEquals(0.0, SpecialFunctions.tanh(0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(SpecialFunctions.tanh(-0.0)));
        assertEquals(1.0, SpecialFunctions.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, SpecialFunctions.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, SpecialFunctions.tanh(19.0));
        assertTrue(Double.isNaN(SpecialFunctions.tanh(Double.NaN)));
        assertEquals(1e-300, SpecialFunctions.tanh(1e-300));
        double prev = -1;
        for (int i = -20_000; i <= 20_000; i++) {
            double x = i / 1000.0, t = SpecialFunctions.tanh(x);
            assertEquals(-t, SpecialFunctions.tanh(-x));
            assertTrue(t >= prev - Math.ulp(prev), "not monotone (beyond one ulp) at " + x);
            prev = t;
        }
    }
}
