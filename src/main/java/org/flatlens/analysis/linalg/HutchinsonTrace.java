package org.flatlens.analysis.linalg;

import java.util.random.RandomGenerator;

/**
 * Hutchinson's trace estimator: {@code Tr(A) = E_v[vᵀ A v]} for Rademacher probes {@code v} (independent ±1 entries),
 * averaged over a fixed number of probes (Hutchinson 1990; Avron &amp; Toledo 2011).
 *
 * <p>The estimate is unbiased; its standard error is the sample standard deviation of the {@code m} values
 * {@code vᵀ A v} divided by {@code √m}. For Rademacher probes the variance of one sample is
 * {@code 2 (||A||_F² − Σ_i a_ii²)}, so a diagonal {@code A} gives its trace exactly with standard error 0.
 * Randomness comes only from {@code rng}: the same seed gives the same probes and the same numbers.
 */
public final class HutchinsonTrace {
    private HutchinsonTrace() {}

    /**
     * Estimates {@code Tr(A)} from {@code numProbes} matrix–vector products.
     *
     * @param a a square symmetric operator on vectors of {@code template}'s layout
     * @param template the layout of the domain (its values are not used)
     * @param rng the source of the probes (advanced)
     * @param numProbes the number of probes, at least 2 (so that a standard error exists)
     */
    public static TraceEstimate estimate(LinearOperator a, ParamVector template, RandomGenerator rng, int numProbes) {
        double[] samples = samples(a, v -> v, template, rng, numProbes);
        return new TraceEstimate(SampleStats.mean(samples), SampleStats.stdErr(samples), numProbes, TraceEstimator.HUTCHINSON);
    }

    /**
     * Estimates {@code Tr(Mᵀ A M) = E_z[(M z)ᵀ A (M z)]} for Rademacher {@code z} in the probe space, i.e. Hutchinson with
     * transformed probes {@code u = M z}. With {@code M = diag(|θ|)} this is the adaptive trace {@code Tr(D H D)}; with
     * {@code M: Z ↦ W Z} (a perturbation of one weight matrix) it is Petzka's relative flatness (THEORY.md §2).
     *
     * @param a a square symmetric operator on vectors of {@code M}'s output layout
     * @param probeMap the linear map {@code M} from the probe space to {@code a}'s domain
     * @param probeTemplate the layout of the probe space (its values are not used)
     * @param rng the source of the probes (advanced)
     * @param numProbes the number of probes, at least 2
     */
    public static TraceEstimate estimateWithProbeMap(LinearOperator a, LinearOperator probeMap, ParamVector probeTemplate,
            RandomGenerator rng, int numProbes) {
        double[] samples = samples(a, probeMap, probeTemplate, rng, numProbes);
        return new TraceEstimate(SampleStats.mean(samples), SampleStats.stdErr(samples), numProbes,
                TraceEstimator.HUTCHINSON_PROBE_MAP);
    }

    /** The values {@code (M z_i)ᵀ A (M z_i)} for {@code numProbes} Rademacher {@code z_i} drawn in order. */
    static double[] samples(LinearOperator a, LinearOperator probeMap, ParamVector probeTemplate, RandomGenerator rng,
            int numProbes) {
        if (numProbes < 2) throw new IllegalArgumentException("numProbes must be at least 2, got " + numProbes);
        double[] samples = new double[numProbes];
        for (int i = 0; i < numProbes; i++) {
            ParamVector u = probeMap.apply(ParamVector.rademacherLike(probeTemplate, rng));
            ParamVector au = a.apply(u);
            u.requireSameLayout(au, "A u");
            samples[i] = u.dot(au);
        }
        return samples;
    }
}
