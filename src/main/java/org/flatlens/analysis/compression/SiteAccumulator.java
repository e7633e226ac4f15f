package org.flatlens.analysis.compression;

import org.flatlens.analysis.jacobians.RunningStats;
import org.flatlens.analysis.jacobians.SiteInfo;
import org.flatlens.nn.SiteKind;

/** Streams one site's per-sample numbers ({@link SampleSite}) into its {@link SiteMeasures}. */
final class SiteAccumulator {
    private final SiteInfo info;
    private final WeightNorms norms;
    private final int outputs, rank, q;
    private final RunningStats mls = new RunningStats(), logVolume = new RunningStats(), localDim = new RunningStats(),
            energy = new RunningStats(), relMls = new RunningStats(), norm = new RunningStats(),
            invSq = new RunningStats(), rho = new RunningStats();
    private final RunningStats gradSq = new RunningStats(), kappa = new RunningStats(), normSqMlsSq = new RunningStats(),
            normSqEnergy = new RunningStats(), relMlsSq = new RunningStats();
    private final ScaleAccumulator theorem, heuristic;
    private final LogSumExp volumeSq = new LogSumExp();
    private double maxJacobian;

    SiteAccumulator(SiteInfo info, WeightNorms norms, int outputs, int rank, int q) {
        this.info = info;
        this.outputs = outputs;
        this.norms = norms;
        this.rank = rank;
        this.q = q;
        boolean dense = info.kind() == SiteKind.DENSE;
        this.theorem = new ScaleAccumulator(dense ? "norm" : "rho", norms.operator(), q);
        this.heuristic = dense ? null : new ScaleAccumulator("norm", norms.paperNorm(), q);
    }

    /** Per-sample log volume of a spectrum, with this site's q and the §7 zero threshold. */
    double logVolume(double[] sigma) {
        return JacobianSpectrum.logVolume(sigma, q, JacobianSpectrum.zeroThreshold(sigma, outputs, info.inputSize()));
    }

    void add(SampleSite s, double logVol) {
        double s1 = s.sigma().length == 0 ? 0 : s.sigma()[0];
        mls.add(s1);
        logVolume.add(logVol);
        volumeSq.add(2 * logVol);
        localDim.add(JacobianSpectrum.participationRatio(s.sigma()));
        energy.add(s.energy());
        relMls.add(s.relMls());
        norm.add(Math.sqrt(s.normSq()));
        invSq.add(1 / s.normSq());
        if (info.kind() != SiteKind.DENSE) rho.add(Math.sqrt(s.rhoSq()));
        gradSq.add(s.gradSq());
        kappa.add(s.kappa());
        normSqMlsSq.add(s.normSq() * s1 * s1);
        normSqEnergy.add(s.normSq() * s.energy());
        relMlsSq.add(s.relMls() * s.relMls());
        maxJacobian = Math.max(maxJacobian, Math.sqrt(s.energy()));
        double fro = Math.sqrt(s.energy());
        theorem.add(s.rhoSq(), fro, s.gradSq(), logVol);
        if (heuristic != null) heuristic.add(s.normSq(), fro, s.gradSq(), logVol);
    }

    SiteMeasures result(Aggregate localDimMc, Aggregate mlsMc) {
        NormSummary ns = new NormSummary(norm.mean(), norm.geometricMean(), invSq.mean(), norm.min(), norm.stdErr(),
                norm.count());
        SiteBoundTerms b = new SiteBoundTerms(gradSq.mean(), kappa.mean(), maxJacobian, normSqMlsSq.mean(),
                normSqEnergy.mean(), relMlsSq.mean(), volumeSq.value(), theorem.summary(),
                heuristic == null ? null : heuristic.summary());
        return new SiteMeasures(info.name(), info.layer(), info.kind().key(), info.weight(), info.inputSize(),
                info.positions(), info.fanIn(), rank, q, Aggregate.of(mls), Aggregate.ofLogs(logVolume),
                Aggregate.of(localDim), Aggregate.of(energy), Aggregate.of(relMls), ns,
                info.kind() == SiteKind.DENSE ? null : Aggregate.of(rho), norms, b, localDimMc, mlsMc);
    }

    /** A streaming {@code log Σ exp(x_i)} that ignores −∞ terms. */
    static final class LogSumExp {
        private double max = Double.NEGATIVE_INFINITY, sum;

        void add(double x) {
            if (x == Double.NEGATIVE_INFINITY) return;
            if (x > max) {
                sum = sum * Math.exp(max - x) + 1;
                max = x;
            } else {
                sum += Math.exp(x - max);
            }
        }

        double value() {
            return max == Double.NEGATIVE_INFINITY ? max : max + Math.log(sum);
        }
    }
}
