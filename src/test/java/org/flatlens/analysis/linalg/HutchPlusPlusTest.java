package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hutch++ against known traces, and against Hutchinson at an equal budget of products. */
class HutchPlusPlusTest {
    static final int N = 300;

    /** A PSD spectrum with power-law decay {@code λ_i = (i + 1)^{-2}}, the case Hutch++ is designed for. */
    static double[] decaying() {
        double[] l = new double[N];
        for (int i = 0; i < N; i++) l[i] = 1.0 / ((i + 1.0) * (i + 1.0));
        return l;
    }

    /** Mean absolute errors of Hutchinson and Hutch++ over 30 seeds at a budget of 60 products. */
    static double[] meanAbsoluteErrors(DenseSymmetricOperator a, int budget, int seeds) {
        double trace = a.trace(), hutch = 0, plus = 0;
        for (int s = 0; s < seeds; s++) {
            hutch += Math.abs(HutchinsonTrace.estimate(a, a.template(), new SplittableRandom(1000 + s), budget).mean() - trace);
            plus += Math.abs(HutchPlusPlus.estimate(a, a.template(), new SplittableRandom(2000 + s), budget).mean() - trace);
        }
        return new double[] {hutch / seeds, plus / seeds};
    }

    @Test
    void clearlyBeatsHutchinsonOnADecayingSpectrum() {
        DenseSymmetricOperator a = TestMatrices.operator(decaying(), 51);
        double[] mae = meanAbsoluteErrors(a, 60, 30);
        assertTrue(mae[1] < 0.25 * mae[0], "mean abs error: hutchinson " + mae[0] + ", hutch++ " + mae[1]);
    }

    @Test
    void withinThreeStandardErrorsUnderFixedSeeds() {
        SplittableRandom rng = new SplittableRandom(52);
        double[] flat = new double[N];
        for (int i = 0; i < N; i++) flat[i] = -1 + 3 * rng.nextDouble();
        for (double[] lambda : new double[][] {decaying(), flat}) {
            DenseSymmetricOperator a = TestMatrices.operator(lambda, 53);
            for (long seed = 1; seed <= 5; seed++) {
                TraceEstimate e = HutchPlusPlus.estimate(a, a.template(), new SplittableRandom(seed), 90);
                assertEquals(90, e.probes());
                assertEquals("hutch++", e.estimator().key());
                assertTrue(e.standardErrorsFrom(a.trace()) < 3, "seed " + seed + ": " + e + " vs " + a.trace());
            }
        }
    }

    @Test
    void lowRankMatrixIsExact() {
        double[] lambda = new double[N];
        for (int i = 0; i < 6; i++) lambda[i] = 10.0 - 3 * i;
        DenseSymmetricOperator a = TestMatrices.operator(lambda, 54);
        TraceEstimate e = HutchPlusPlus.estimate(a, a.template(), new SplittableRandom(3), 30);
        assertEquals(TestMatrices.sum(lambda), e.mean(), 1e-10);
        assertTrue(e.stdErr() < 1e-10, "stdErr " + e.stdErr());
    }

    @Test
    void sketchSpanningTheSpaceIsExact() {
        double[] lambda = {3, -1, 2, 0.5, 7, -4, 1, 1, 2, 9};
        DenseSymmetricOperator a = TestMatrices.operator(lambda, 55);
        TraceEstimate e = HutchPlusPlus.estimate(a, a.template(), new SplittableRandom(4), 36);
        assertEquals(TestMatrices.sum(lambda), e.mean(), 1e-12);
        assertEquals(12 + 10 + 12, e.probes(), "Q has only n = 10 columns");
    }

    @Test
    void sameSeedSameNumbersAndBudgetChecked() {
        DenseSymmetricOperator a = TestMatrices.operator(decaying(), 56);
        assertEquals(HutchPlusPlus.estimate(a, a.template(), new SplittableRandom(5), 31),
                HutchPlusPlus.estimate(a, a.template(), new SplittableRandom(5), 31));
        assertEquals(31, HutchPlusPlus.estimate(a, a.template(), new SplittableRandom(5), 31).probes());
        assertThrows(IllegalArgumentException.class, () -> HutchPlusPlus.estimate(a, a.template(), new SplittableRandom(1), 5));
    }
}
