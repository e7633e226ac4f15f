package org.flatlens.analysis.bounds;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.analysis.compression.ScaleSummary;
import org.flatlens.analysis.compression.SiteBoundTerms;
import org.flatlens.analysis.compression.SiteMeasures;

/**
 * The per-site bounds of THEORY.md §5: Lemma 1 (worst sample), Lemma 2 (chain and identity), Theorem 1 (AM, GM and
 * Ma &amp; Ying's forms) and Theorem 2 (per sample, log form, volume form). With {@code s_i} and N from the theorem
 * form of {@link ScaleSummary} ({@code ||h||, ||W||_2} for dense layers, {@code ρ(P), ||T(W)||_2} for weight-shared
 * ones, vacuous when some {@code ρ = 0}); for weight-shared layers the same chain with the paper's
 * {@code ||h||, sqrt(L)||W||_F} is added as heuristic.
 */
final class SiteBounds {
    private SiteBounds() {}

    static List<BoundCheck> evaluate(SiteMeasures m, double traceGgn) {
        List<BoundCheck> out = new ArrayList<>();
        lemma2(m, traceGgn, out);
        SiteBoundTerms b = m.bounds();
        BoundKind kind = b.theorem().zeroScales() > 0 ? BoundKind.VACUOUS : BoundKind.THEOREM;
        scaleChain(m, b.theorem(), "", kind, traceGgn, out);
        if (b.heuristic() != null) scaleChain(m, b.heuristic(), "paper.", BoundKind.HEURISTIC, traceGgn, out);
        return out;
    }

    /** Lemma 2: relative flatness against rel_mls, the weight norm and the trace; for dense layers the identity. */
    private static void lemma2(SiteMeasures m, double traceGgn, List<BoundCheck> out) {
        SiteBoundTerms b = m.bounds();
        String site = m.name();
        double w2 = m.weightNorms().spectral() * m.weightNorms().spectral();
        if (!m.weightShared()) {
            out.add(BoundCheck.identity("lemma2.identity", site, b.meanNormSqEnergy(), b.relativeFlatness()));
            out.add(BoundCheck.identity("lemma2.rel_mls_identity", site, b.meanRelMlsSq(), b.meanNormSqMlsSq()));
            out.add(BoundCheck.linear("lemma2.mls", site, b.meanNormSqMlsSq(), b.meanNormSqEnergy(), BoundKind.THEOREM));
        }
        out.add(BoundCheck.linear("lemma2.rel_mls", site, b.meanRelMlsSq(), b.relativeFlatness(), BoundKind.THEOREM));
        out.add(BoundCheck.linear("lemma2.kappa", site, b.relativeFlatness(), w2 * b.traceGgnLayer(),
                BoundKind.THEOREM));
        out.add(BoundCheck.linear("lemma2.trace", site, w2 * b.traceGgnLayer(), w2 * traceGgn, BoundKind.THEOREM));
    }

    /** Lemma 1, Theorem 1 and Theorem 2 for one scale choice; names prefixed by {@code prefix} ({@code paper.}). */
    private static void scaleChain(SiteMeasures m, ScaleSummary t, String prefix, BoundKind kind, double traceGgn,
            List<BoundCheck> out) {
        String site = m.name();
        SiteBoundTerms b = m.bounds();
        int n = m.mls().n(), q = m.volumeRank();
        double s = b.traceGgnLayer(), nrm = t.norm(), mls = m.mls().am();
        out.add(BoundCheck.linear(prefix + "lemma1", site, t.lemma1Lhs(), t.lemma1Rhs(), kind));
        out.add(BoundCheck.linear(prefix + "theorem1.lemma", site, mls, t.meanGradOverScale(), kind));
        out.add(BoundCheck.linear(prefix + "theorem1.cauchy_schwarz", site, t.meanGradOverScale(),
                nrm * Math.sqrt(s) * Math.sqrt(t.invSqMean()), kind));
        out.add(BoundCheck.linear(prefix + "theorem1", site, mls, nrm * Math.sqrt(s) * Math.sqrt(t.invSqMean()), kind));
        // At the input site this is the paper's bound D = sharpness · ||W_1||_2 · sqrt(AM 1/||x||²).
        out.add(BoundCheck.linear(prefix + Bounds.THEOREM1_TRACE, site, mls,
                nrm * Math.sqrt(traceGgn) * Math.sqrt(t.invSqMean()), kind));
        out.add(BoundCheck.linear(prefix + "theorem1.gm", site, m.mls().gm(), nrm * Math.sqrt(s) / t.gm(), kind));
        if (!m.weightShared()) {
            double kappaForm = Math.sqrt(b.relativeFlatness()) / m.norm().gm();
            out.add(BoundCheck.linear("theorem1.gm_kappa", site, m.mls().gm(), kappaForm, kind));
            out.add(BoundCheck.linear("theorem1.gm_kappa_weight", site, kappaForm, nrm * Math.sqrt(s) / m.norm().gm(),
                    kind));
        }
        out.add(BoundCheck.linear(prefix + "theorem1.ma_ying", site, b.maxJacobianFrobenius(),
                nrm * Math.sqrt(n * s) / t.min(), kind));
        out.add(BoundCheck.log(prefix + "theorem2.sample", site, t.theorem2Lhs(), t.theorem2Rhs(), kind));
        out.add(BoundCheck.log(prefix + "theorem2.log", site, m.logVolume().am(),
                0.5 * q * (Math.log(nrm * nrm * s / q) - t.meanLogSq()), kind));
        out.add(BoundCheck.log(prefix + "theorem2.volume", site, b.logSumVolumeSq(),
                q * (Math.log(nrm * nrm / (q * t.min() * t.min())) + Math.log(n * s)), kind));
    }
}
