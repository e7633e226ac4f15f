package org.flatlens.analysis.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Hutch++ (Meyer, Musco, Musco &amp; Woodruff, "Hutch++: optimal stochastic trace estimation", SOSA 2021, Algorithm 1):
 * {@code Tr(A) = Tr(Qᵀ A Q) + Tr((I − QQᵀ) A (I − QQᵀ))} for any orthonormal {@code Q}.
 *
 * <p>With a budget of {@code m} products: {@code k = ⌊m/3⌋} Rademacher sketch vectors {@code S} give {@code A S}
 * ({@code k} products), whose orthonormal basis is {@code Q}; {@code Tr(Qᵀ A Q)} is computed exactly (one product per
 * column of {@code Q}); the remaining {@code m − 2k} products estimate the deflated remainder by Hutchinson with
 * probes {@code (I − QQᵀ) g}. When {@code A} has a decaying spectrum, {@code Q} captures the large eigenvalues and the
 * remainder has a much smaller variance than {@code A} itself.
 *
 * <p>The estimate is unbiased for any {@code Q}; its standard error is that of the remainder's Hutchinson samples
 * (the {@code Tr(Qᵀ A Q)} part is exact given {@code Q}). When {@code A S} is rank-deficient, {@code Q} has fewer than
 * {@code k} columns and fewer products are spent; {@link TraceEstimate#probes()} counts those actually spent.
 */
public final class HutchPlusPlus {
    private HutchPlusPlus() {}

    /**
     * Estimates {@code Tr(A)} with at most {@code numMatvecs} products.
     *
     * @param a a square symmetric operator on vectors of {@code template}'s layout
     * @param template the layout of the domain (its values are not used)
     * @param rng the source of the sketch and probe vectors (advanced)
     * @param numMatvecs the budget {@code m}, at least 6 (so that each third holds at least two products)
     */
    public static TraceEstimate estimate(LinearOperator a, ParamVector template, RandomGenerator rng, int numMatvecs) {
        if (numMatvecs < 6) throw new IllegalArgumentException("Hutch++ needs numMatvecs ≥ 6, got " + numMatvecs);
        int k = numMatvecs / 3, remainderProbes = numMatvecs - 2 * k;
        List<ParamVector> sketch = new ArrayList<>(k);
        for (int i = 0; i < k; i++) sketch.add(apply(a, ParamVector.rademacherLike(template, rng), template));
        List<ParamVector> q = GramSchmidt.orthonormalize(sketch);
        double exactPart = 0;
        for (ParamVector qj : q) exactPart += qj.dot(apply(a, qj, template));
        LinearOperator deflate = v -> deflate(v, q);
        double[] samples = HutchinsonTrace.samples(a, deflate, template, rng, remainderProbes);
        double mean = exactPart + SampleStats.mean(samples);
        int spent = k + q.size() + remainderProbes;
        return new TraceEstimate(mean, SampleStats.stdErr(samples), spent, TraceEstimator.HUTCH_PLUS_PLUS);
    }

    /** {@code (I − QQᵀ) v}, with a second pass so that the result is orthogonal to {@code Q} to rounding level. */
    private static ParamVector deflate(ParamVector v, List<ParamVector> q) {
        ParamVector w = v.copy();
        GramSchmidt.orthogonalizeInPlace(w, q);
        return w;
    }

    private static ParamVector apply(LinearOperator a, ParamVector v, ParamVector template) {
        ParamVector av = a.apply(v);
        template.requireSameLayout(av, "A v");
        return av;
    }
}
