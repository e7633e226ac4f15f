package org.flatlens.analysis.bounds;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.analysis.compression.NetworkMeasures;

/**
 * Theorem 3 of THEORY.md §5 and its companions: per sample, averaged, and against {@code Tr G}, in the theorem form
 * (vacuous when some site has a zero scale, e.g. {@code ρ = 0}) and, for networks with weight-shared layers, in the
 * paper's form with {@code ||h||} (a heuristic).
 */
final class NetworkBounds {
    static final String SITE = "network";

    private NetworkBounds() {}

    static List<BoundCheck> evaluate(NetworkMeasures m) {
        List<BoundCheck> out = new ArrayList<>();
        BoundKind theorem = m.vacuousSites() > 0 ? BoundKind.VACUOUS : BoundKind.THEOREM;
        BoundKind paper = BoundKind.HEURISTIC;
        chain(out, "", m.theorem3Lhs(), m.theorem3Rhs(), m.harm().am(), m, theorem);
        // Without weight-shared layers the paper's form is the theorem form itself; listing it twice would add nothing.
        if (m.weightShared()) {
            chain(out, "paper.", m.theorem3PaperLhs(), m.theorem3PaperRhs(), m.harmPaper().am(), m, paper);
        }
        out.add(BoundCheck.linear("theorem3.kappa", SITE, m.sumKappaOverNormSq(), m.sumTraceGgnLayers(),
                BoundKind.THEOREM));
        out.add(BoundCheck.linear("theorem3.layers", SITE, m.sumTraceGgnLayers(), m.traceGgn(), BoundKind.THEOREM));
        out.add(BoundCheck.linear("theorem3.rel_mls", SITE, m.sumRelMlsSqOverNormSq(), m.traceGgn(),
                BoundKind.THEOREM));
        return out;
    }

    private static void chain(List<BoundCheck> out, String prefix, double sampleLhs, double sampleRhs, double harm,
            NetworkMeasures m, BoundKind kind) {
        double nmls = m.nmls().am();
        out.add(BoundCheck.linear(prefix + "theorem3.sample", SITE, sampleLhs, sampleRhs, kind));
        out.add(BoundCheck.linear(prefix + "theorem3", SITE, nmls, Math.sqrt(harm) * Math.sqrt(m.sumTraceGgnLayers()),
                kind));
        out.add(BoundCheck.linear(prefix + Bounds.THEOREM3_TRACE, SITE, nmls, Math.sqrt(harm * m.traceGgn()), kind));
    }
}
