package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Hutchinson on explicit matrices with known trace, plus the exact-trace oracle. */
class HutchinsonTraceTest {
    static final int N = 150;

    static double[] spectrum(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] l = new double[N];
        for (int i = 0; i < N; i++) l[i] = -1 + 4 * rng.nextDouble();
        return l;
    }

    /** The variance of one Rademacher sample, {@code 2 (||A||_F² − Σ a_ii²)}. */
    static double sampleVariance(double[][] a) {
        double off = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) if (i != j) off += a[i][j] * a[i][j];
        return 2 * off;
    }

    @Test
    void withinThreeStandardErrorsUnderFixedSeeds() {
        double[] lambda = spectrum(31);
        DenseSymmetricOperator a = TestMatrices.operator(lambda, 32);
        double trace = TestMatrices.sum(lambda);
        double expectedStdErr = Math.sqrt(sampleVariance(a.matrix()) / 100);
        for (long seed = 1; seed <= 5; seed++) {
            TraceEstimate e = HutchinsonTrace.estimate(a, a.template(), new SplittableRandom(seed), 100);
            assertEquals("hutchinson", e.estimator().key());
            assertEquals(100, e.probes());
            assertTrue(e.standardErrorsFrom(trace) < 3, "seed " + seed + ": " + e + " vs " + trace);
            assertTrue(e.stdErr() > 0.7 * expectedStdErr && e.stdErr() < 1.3 * expectedStdErr,
                    "stdErr " + e.stdErr() + " vs theory " + expectedStdErr);
        }
    }

    @Test
    void intervalsCoverAtRoughlyTheNominalRate() {
        DenseSymmetricOperator a = TestMatrices.operator(spectrum(33), 34);
        double trace = a.trace();
        int covered = 0, runs = 200;
        SplittableRandom rng = new SplittableRandom(35);
        for (int r = 0; r < runs; r++) {
            if (HutchinsonTrace.estimate(a, a.template(), rng, 30).standardErrorsFrom(trace) <= 1.96) covered++;
        }
        // Nominal 95%; with 30 probes the t-quantile makes it ~94%; binomial sd over 200 runs ~1.6%.
        assertTrue(covered >= 176 && covered <= 198, "coverage " + covered + "/" + runs);
    }

    @Test
    void diagonalMatrixIsExactWithZeroError() {
        double[][] d = new double[20][20];
        for (int i = 0; i < 20; i++) d[i][i] = i - 7.5;
        DenseSymmetricOperator a = new DenseSymmetricOperator(d);
        TraceEstimate e = HutchinsonTrace.estimate(a, a.template(), new SplittableRandom(1), 4);
        assertEquals(a.trace(), e.mean(), 1e-13);
        assertEquals(0.0, e.stdErr(), 1e-13);
    }

    @Test
    void adaptiveTraceViaProbeMapAndConjugation() {
        DenseSymmetricOperator a = TestMatrices.operator(spectrum(36), 37);
        ParamVector d = ParamVector.gaussianLike(a.template(), new SplittableRandom(38)).abs();
        double[][] m = a.matrix();
        double[] dd = d.toArray();
        double exact = 0;
        for (int i = 0; i < N; i++) exact += dd[i] * dd[i] * m[i][i];
        TraceEstimate viaMap = HutchinsonTrace.estimateWithProbeMap(a, LinearOperator.diagonal(d), a.template(),
                new SplittableRandom(39), 200);
        TraceEstimate viaConj = HutchinsonTrace.estimate(a.conjugateBy(d), a.template(), new SplittableRandom(39), 200);
        assertEquals(viaConj.mean(), viaMap.mean(), 1e-11 * Math.abs(exact), "same probes, same quadratic forms");
        assertEquals(viaConj.stdErr(), viaMap.stdErr(), 1e-10 * viaMap.stdErr());
        assertTrue(viaMap.standardErrorsFrom(exact) < 3, viaMap + " vs " + exact);
        assertEquals(exact, ExactTrace.trace(a.conjugateBy(d), a.template()).mean(), 1e-12 * Math.abs(exact));
    }

    @Test
    void rectangularProbeMapEstimatesTraceOfBtAB() {
        DenseSymmetricOperator a = TestMatrices.operator(spectrum(40), 41);
        int q = 12;
        SplittableRandom rng = new SplittableRandom(42);
        double[][] b = new double[N][q];
        for (double[] row : b) for (int j = 0; j < q; j++) row[j] = rng.nextGaussian();
        ParamVector probeTemplate = ParamVector.of(Tensor.zeros(3, 4));
        LinearOperator map = z -> {
            double[] zf = z.toArray(), out = new double[N];
            for (int i = 0; i < N; i++) out[i] = TestMatrices.dot(b[i], zf);
            return ParamVector.fromArray(out, a.template());
        };
        double[][] m = a.matrix();
        double exact = 0; // Tr(BᵀAB) = Σ_j b_jᵀ A b_j over the columns b_j
        for (int j = 0; j < q; j++) {
            for (int r = 0; r < N; r++) for (int c = 0; c < N; c++) exact += b[r][j] * m[r][c] * b[c][j];
        }
        TraceEstimate e = HutchinsonTrace.estimateWithProbeMap(a, map, probeTemplate, new SplittableRandom(43), 400);
        assertEquals("hutchinson-probe-map", e.estimator().key());
        assertTrue(e.standardErrorsFrom(exact) < 3, e + " vs " + exact);
    }

    @Test
    void sameSeedSameNumbers() {
        DenseSymmetricOperator a = TestMatrices.operator(spectrum(44), 45);
        assertEquals(HutchinsonTrace.estimate(a, a.template(), new SplittableRandom(7), 10),
                HutchinsonTrace.estimate(a, a.template(), new SplittableRandom(7), 10));
    }

    @Test
    void exactOracles() {
        DenseSymmetricOperator a = TestMatrices.operator(spectrum(46), 47);
        TraceEstimate e = ExactTrace.trace(a, a.template());
        assertEquals(a.trace(), e.mean(), 1e-12);
        assertEquals(0.0, e.stdErr());
        assertEquals(N, e.probes());
        double[][] m = ExactTrace.materialize(a, a.template()), ref = a.matrix();
        for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) assertEquals(ref[i][j], m[i][j], 0.0);
    }

    @Test
    void badInputIsRejected() {
        DenseSymmetricOperator a = TestMatrices.operator(spectrum(48), 49);
        assertThrows(IllegalArgumentException.class, () -> HutchinsonTrace.estimate(a, a.template(), new SplittableRandom(1), 1));
        ParamVector wrong = ParamVector.of(Tensor.zeros(N - 1));
        assertThrows(IllegalArgumentException.class, () -> HutchinsonTrace.estimate(a, wrong, new SplittableRandom(1), 5));
        double[][] asym = {{1, 2}, {2.0000001, 1}};
        assertThrows(IllegalArgumentException.class, () -> new DenseSymmetricOperator(asym));
        assertEquals(2.00000005, DenseSymmetricOperator.symmetricPart(asym)[1][0], 1e-15);
    }
}
