package org.flatlens.analysis.compression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.flatlens.analysis.jacobians.ChunkJacobians;
import org.flatlens.analysis.jacobians.GgnAccumulator;
import org.flatlens.analysis.jacobians.GgnReport;
import org.flatlens.analysis.jacobians.Inputs;
import org.flatlens.analysis.jacobians.JacobianEngine;
import org.flatlens.analysis.jacobians.OutputFactor;
import org.flatlens.analysis.jacobians.ParamBlock;
import org.flatlens.analysis.jacobians.PatchView;
import org.flatlens.analysis.jacobians.PerSampleGradients;
import org.flatlens.analysis.jacobians.RunningStats;
import org.flatlens.analysis.jacobians.SampleTerms;
import org.flatlens.analysis.jacobians.SiteBlock;
import org.flatlens.analysis.jacobians.SiteInfo;
import org.flatlens.analysis.jacobians.SiteRules;
import org.flatlens.analysis.linalg.ExtremeEigenvalues;
import org.flatlens.analysis.linalg.SmallestSingularValue;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.SiteKind;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.kernels.Lanes;
import org.flatlens.tensor.kernels.Parallel;

/**
 * All compression measures of THEORY.md §4 at every site, the network-wide ones, and the exact GGN quantities, in one
 * streaming pass over the samples: per chunk one batched backward pass ({@link JacobianEngine}), per-sample weight
 * terms ({@link PerSampleGradients}) and per-sample spectra, chunks side by side, then accumulation in sample order,
 * so the numbers do not depend on the thread count, nor on the memory budget or the heap (the chunk is the model's
 * fixed {@linkplain JacobianEngine#blockSize() block}; an explicit chunk size changes them by rounding). Memory: the
 * chunks in flight, never all samples.
 */
public final class CompressionAnalysis {
    private CompressionAnalysis() {}

    /**
     * @param x   the samples (inputs {@code [N, C, H, W]})
     * @param rng seeds the Lanczos start vectors of the convolution operator norms and the Monte Carlo draws (advanced)
     */
    public static CompressionReport run(Model model, Parameters params, Inputs x, LossKind loss,
            CompressionOptions options, RandomGenerator rng) {
        if (x.size() == 0) throw new IllegalArgumentException("no samples to analyse");
        JacobianEngine engine = new JacobianEngine(model, params, loss);
        int k = engine.outputs(), rankR = OutputFactor.rank(loss, k);
        // The chunk is the model's fixed block, not a share of the budget: per-sample numbers depend, in their last
        // bits, on the rows per pass. The budget only decides whether two chunks run side by side.
        int chunk = options.chunkSize() > 0 ? options.chunkSize() : engine.blockSize();
        int inFlight = engine.chunksInFlight(chunk, options.memoryBudgetBytes());
        List<SiteInfo> sites = engine.sites();
        List<WeightNorms> norms = new ArrayList<>();
        for (SiteInfo s : sites) norms.add(OperatorNorms.of(s, params.get(s.weight()), rng));
        List<SiteAccumulator> acc = accumulators(sites, norms, k, rankR, options.volumeRank());
        NetworkAccumulator network = new NetworkAccumulator(sites, norms);
        GgnAccumulator ggn = new GgnAccumulator(engine);
        RunningStats mcDim = new RunningStats(), mcMls = new RunningStats();
        MonteCarloOptions mc = options.monteCarlo();
        engine.forEachChunk(x, chunk, inFlight, (rows, c) -> {
            List<SampleTerms[]> terms = PerSampleGradients.compute(c, params);
            return new ChunkResult(c.factors(), c.params(), terms, samples(c, terms));
        }, (rows, r) -> {
            ggn.add(r.params(), r.terms());
            addSamples(r.samples(), acc, network);
            if (mc != null) addMonteCarlo(model, params, rows, r.factors(), mc, rng, mcDim, mcMls);
        });
        GgnReport g = ggn.report();
        List<SiteMeasures> measures = new ArrayList<>();
        for (int l = 0; l < sites.size(); l++) {
            boolean input = l == 0 && mc != null;
            measures.add(acc.get(l).result(input ? Aggregate.of(mcDim) : null, input ? Aggregate.of(mcMls) : null));
        }
        NetworkMeasures net = network.result(measures, g.traceGgn(), g.traceGgnStdErr());
        return new CompressionReport(loss.key(), g.samples(), k, rankR, chunk, measures, net, g.traceGgnParams(), mc);
    }

    /** One accumulator per site, with {@code r = min(rank R, dim h)} and q the requested rank (0: r) clamped to r. */
    private static List<SiteAccumulator> accumulators(List<SiteInfo> sites, List<WeightNorms> norms, int k, int rankR,
            int volumeRank) {
        List<SiteAccumulator> acc = new ArrayList<>();
        for (int l = 0; l < sites.size(); l++) {
            SiteInfo s = sites.get(l);
            int r = Math.min(rankR, s.inputSize());
            acc.add(new SiteAccumulator(s, norms.get(l), k, r, volumeRank == 0 ? r : Math.min(volumeRank, r)));
        }
        return acc;
    }

    /** Streams a chunk's per-sample numbers in sample order. */
    private static void addSamples(SampleSite[][] perSite, List<SiteAccumulator> acc, NetworkAccumulator network) {
        int n = perSite[0].length;
        for (int i = 0; i < n; i++) {
            SampleSite[] atSample = new SampleSite[perSite.length];
            for (int l = 0; l < perSite.length; l++) {
                atSample[l] = perSite[l][i];
                acc.get(l).add(atSample[l], acc.get(l).logVolume(atSample[l].sigma()));
            }
            network.add(atSample);
        }
    }

    /** As above for a tensor of inputs {@code [N, C, H, W]}. */
    public static CompressionReport run(Model model, Parameters params, Tensor x, LossKind loss,
            CompressionOptions options, RandomGenerator rng) {
        return run(model, params, Inputs.of(x), loss, options, rng);
    }

    /** Per site, per sample: spectra, norms, ρ and the weight terms, in parallel over samples. */
    private static SampleSite[][] samples(ChunkJacobians c, List<SampleTerms[]> terms) {
        SampleSite[][] out = new SampleSite[c.sites().size()][c.samples()];
        for (int l = 0; l < out.length; l++) {
            SiteBlock b = c.sites().get(l);
            SampleTerms[] t = terms.get(l);
            SampleSite[] o = out[l];
            Parallel.forRange(c.samples(), 4, (lo, hi) -> {
                for (int i = lo; i < hi; i++) o[i] = sample(b, i, t[i]);
            });
        }
        return out;
    }

    static SampleSite sample(SiteBlock b, int i, SampleTerms t) {
        double[][] j = b.jacobianMatrix(i);
        // Row by row on vector lanes (before the spectrum, which reduces j in place): a single running sum over
        // k·dim h values was one long chain of dependent adds.
        double energy = 0;
        for (double[] row : j) energy += Lanes.sumSquares(row, 0, row.length);
        double[] sigma = JacobianSpectrum.singularValues(j);
        double normSq = PerSampleGradients.inputNormSquared(b, i);
        double rhoSq = b.info().kind() == SiteKind.DENSE ? normSq : rhoSquared(b, i);
        int k = t.relativeGram().length;
        double[] gram = new double[k * k];
        for (int a = 0; a < k; a++) System.arraycopy(t.relativeGram()[a], 0, gram, a * k, k);
        double relMls = Math.sqrt(Math.max(0, ExtremeEigenvalues.largest(gram, k)));
        return new SampleSite(sigma, energy, normSq, rhoSq, t.weightSqSum(), t.kappa(), relMls);
    }

    /**
     * {@code ρ(P_i)² = λ_min(P_i P_iᵀ) = σ_min(P_i)²} (THEORY.md §5), 0 when there are more positions than fan-in. From
     * the smallest singular value of P itself ({@link SmallestSingularValue}), not from λ_min of the Gram matrix
     * {@code P Pᵀ}, which loses {@code ε·cond(P Pᵀ)} relative accuracy (2e-9 at a small ViT's attn.proj, where
     * near-uniform attention makes the tokens nearly collinear; all of it once {@code σ_min < √ε σ_max}).
     */
    static double rhoSquared(SiteBlock b, int i) {
        int l = b.info().positions(), f = b.info().fanIn();
        if (l > f) return 0;
        PatchView.Slab p = SiteRules.view(b.info().kind()).patches(b, i);
        double[][] rows = new double[l][];
        for (int r = 0; r < l; r++) rows[r] = Arrays.copyOfRange(p.data(), p.offset() + r * f, p.offset() + (r + 1) * f);
        double min = SmallestSingularValue.of(rows);
        return min * min;
    }

    private static void addMonteCarlo(Model model, Parameters params, Tensor rows, double[][][] factors,
            MonteCarloOptions mc, RandomGenerator rng, RunningStats dim, RunningStats mls) {
        double[][] est = MonteCarloDimension.estimate(model, params, rows, factors, mc, rng);
        for (int i = 0; i < factors.length; i++) {
            dim.add(est[0][i]);
            mls.add(est[1][i]);
        }
    }

    /**
     * What a chunk leaves once its Jacobians are dropped: the output factors (for the Monte Carlo draws, which take the
     * random stream in sample order and so run on the calling thread), the per-sample terms and site numbers.
     */
    private record ChunkResult(double[][][] factors, List<ParamBlock> params, List<SampleTerms[]> terms,
            SampleSite[][] samples) {}
}
