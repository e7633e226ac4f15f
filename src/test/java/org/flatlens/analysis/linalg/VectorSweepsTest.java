package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The one-sweep inner products and combinations against pairwise dots, sequential axpys and exact sums. */
class VectorSweepsTest {
    /** Parts of several chunks, one of exactly one chunk, odd tails, and one shorter than four elements. */
    private static ParamVector layout() {
        return ParamVector.of(Tensor.zeros(37, 401), Tensor.zeros(3), Tensor.zeros(VectorSweeps.CHUNK),
                Tensor.zeros(2, 5003));
    }

    private static List<ParamVector> gaussians(int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<ParamVector> out = new ArrayList<>();
        for (int i = 0; i < k; i++) out.add(ParamVector.gaussianLike(layout(), rng));
        return out;
    }

    @Test
    void dotIsWithinRoundingOfTheExactSum() {
        List<ParamVector> v = gaussians(2, 1);
        double[] x = v.get(0).toArray(), y = v.get(1).toArray();
        BigDecimal exact = BigDecimal.ZERO;
        double abs = 0;
        for (int i = 0; i < x.length; i++) {
            exact = exact.add(new BigDecimal(x[i]).multiply(new BigDecimal(y[i])));
            abs += Math.abs(x[i] * y[i]);
        }
        double err = Math.abs(v.get(0).dot(v.get(1)) - exact.doubleValue());
        assertTrue(err <= 1e-14 * abs, "dot error " + err + " for Σ|x y| = " + abs);
    }

    @Test
    void oneSweepDotsEqualPairwiseDots() {
        List<ParamVector> basis = gaussians(5, 2);
        ParamVector w = gaussians(1, 3).get(0);
        double[] d = VectorSweeps.dots(basis, w);
        for (int j = 0; j < basis.size(); j++) assertEquals(basis.get(j).dot(w), d[j], 0.0);
    }

    @Test
    void combinationEqualsSequentialAxpysAndReturnsTheSquaredNorm() {
        List<ParamVector> basis = gaussians(4, 4);
        ParamVector w = gaussians(1, 5).get(0), expected = w.copy();
        double[] a = {0.5, -1.25, 3.0, -0.1};
        for (int j = 0; j < a.length; j++) expected.axpyInPlace(a[j], basis.get(j));
        double normSquared = VectorSweeps.addCombinationInPlace(w, a, basis);
        assertEquals(0.0, w.maxAbsDiff(expected));
        assertEquals(w.dot(w), normSquared, 0.0);
    }

    @Test
    void gramSchmidtLeavesAVectorOrthogonalToTheBasis() {
        List<ParamVector> q = GramSchmidt.orthonormalize(gaussians(6, 6));
        ParamVector w = gaussians(1, 7).get(0);
        double norm = GramSchmidt.orthogonalizeInPlace(w, q);
        assertEquals(w.norm(), norm, 0.0);
        for (ParamVector b : q) {
            assertEquals(1.0, b.norm(), 1e-14);
            assertTrue(Math.abs(b.dot(w)) <= 1e-13 * norm, "residual component " + b.dot(w));
        }
    }
}
