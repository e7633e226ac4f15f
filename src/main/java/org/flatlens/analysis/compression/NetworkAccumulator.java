package org.flatlens.analysis.compression;

import java.util.List;
import org.flatlens.analysis.jacobians.RunningStats;
import org.flatlens.analysis.jacobians.SiteInfo;
import org.flatlens.nn.SiteKind;

/** Streams per-sample sums over sites into {@link NetworkMeasures}. */
final class NetworkAccumulator {
    /** What the paper's code adds to every {@code ||h||²} in its {@code harm}. */
    static final double PAPER_CODE_EPSILON = 1e-4;

    private final List<SiteInfo> sites;
    private final List<WeightNorms> norms;
    private final double[] codeNormSq;
    private final RunningStats nmls = new RunningStats(), harm = new RunningStats(), harmPaper = new RunningStats(),
            harmCode = new RunningStats();
    private final Worst theorem3 = new Worst(), paper = new Worst();

    NetworkAccumulator(List<SiteInfo> sites, List<WeightNorms> norms) {
        this.sites = sites;
        this.norms = norms;
        this.codeNormSq = codeNorms(sites, norms);
    }

    /**
     * The squared norms of the paper code's {@code harm}: {@code ||W||_2} in a plain MLP (every site dense); in any
     * other network {@code ||W||_F} for dense and token layers and {@code sqrt(L)||W||_F} for convolutions.
     */
    private static double[] codeNorms(List<SiteInfo> sites, List<WeightNorms> norms) {
        boolean plain = sites.stream().allMatch(s -> s.kind() == SiteKind.DENSE);
        double[] out = new double[norms.size()];
        for (int l = 0; l < out.length; l++) {
            WeightNorms w = norms.get(l);
            double n = plain ? w.spectral() : sites.get(l).kind() == SiteKind.CONV ? w.paperNorm() : w.frobenius();
            out[l] = n * n;
        }
        return out;
    }

    /** @param perSite this sample's numbers at every site, in site order */
    void add(SampleSite[] perSite) {
        double n = 0, h = 0, hp = 0, hc = 0, grad = 0;
        for (int l = 0; l < perSite.length; l++) {
            SampleSite s = perSite[l];
            WeightNorms w = norms.get(l);
            n += s.sigma().length == 0 ? 0 : s.sigma()[0];
            h += ratio(w.operator() * w.operator(), s.rhoSq());
            hp += ratio(w.paperNorm() * w.paperNorm(), s.normSq());
            hc += codeNormSq[l] / (s.normSq() + PAPER_CODE_EPSILON);
            grad += s.gradSq();
        }
        nmls.add(n);
        harm.add(h);
        harmPaper.add(hp);
        harmCode.add(hc);
        theorem3.add(n, bound(h, grad));
        paper.add(n, bound(hp, grad));
    }

    NetworkMeasures result(List<SiteMeasures> siteMeasures, double traceGgn, double traceGgnStdErr) {
        double nvr = 0, sumS = 0, sumKappa = 0, sumRel = 0, sumSpectralSq = 0;
        int vacuous = 0;
        boolean shared = false;
        for (SiteMeasures m : siteMeasures) {
            nvr += m.logVolume().am();
            SiteBoundTerms b = m.bounds();
            double w2 = m.weightNorms().spectral() * m.weightNorms().spectral();
            sumSpectralSq += w2;
            sumS += b.traceGgnLayer();
            sumKappa += b.relativeFlatness() / w2;
            sumRel += b.meanRelMlsSq() / w2;
            shared |= m.weightShared();
            if (b.theorem().zeroScales() > 0) vacuous++;
        }
        for (SiteInfo s : sites) shared |= s.kind() != SiteKind.DENSE;
        return new NetworkMeasures(nmls.count(), Aggregate.of(nmls), nvr, Aggregate.of(harm), Aggregate.of(harmPaper),
                traceGgn, traceGgnStdErr, sumS, sumKappa, sumRel, theorem3.lhs, theorem3.rhs, paper.lhs, paper.rhs,
                shared, vacuous, Aggregate.of(harmCode), sumSpectralSq);
    }

    /**
     * {@code sqrt(harm_i) · sqrt(Σ_l ||∂g_i/∂W_l||²)}; +∞ when a scale is 0 (that layer's Lemma 1 bounds nothing), even
     * if the gradients vanish too.
     */
    private static double bound(double harm, double gradSq) {
        return harm == Double.POSITIVE_INFINITY ? harm : Math.sqrt(harm) * Math.sqrt(gradSq);
    }

    /** {@code a / b} with {@code 0 / 0 = 0} (a zero weight contributes nothing, whatever its input). */
    private static double ratio(double a, double b) {
        return a == 0 ? 0 : a / b;
    }

    /** The (lhs, rhs) pair with the largest ratio seen. */
    private static final class Worst {
        double ratio = Double.NEGATIVE_INFINITY, lhs = Double.NaN, rhs = Double.NaN;

        void add(double l, double r) {
            double q = l == 0 ? 0 : l / r;
            if (q > ratio || Double.isNaN(lhs)) {
                ratio = q;
                lhs = l;
                rhs = r;
            }
        }
    }
}
