package org.flatlens.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.sharpness.LinearLayer;
import org.flatlens.data.Dataset;
import org.flatlens.experiments.measures.Estimate;
import org.flatlens.experiments.measures.MeasureResults;
import org.flatlens.experiments.measures.Measures;
import org.flatlens.nn.LossKind;

/** The readable table of {@code flatlens measure}: one row per measure, with its uncertainty and how it was made. */
final class MeasureTable {
    private static final String ROW = "%-24s %14s  %-12s %s%n";

    private MeasureTable() {}

    /** @param layers the linear layers, in forward order (their weight names key S_l) */
    static void print(PrintWriter out, ModelWeights mw, Dataset data, LossKind loss, MeasureResults r,
            List<LinearLayer> layers) {
        out.printf("model %s, %,d parameters (%s)%n", mw.model().spec().arch(), mw.params().count(), mw.source());
        for (org.flatlens.nn.Structure s : mw.model().structure()) out.printf("note  %s%n", s.note());
        out.printf("data  %s, %d samples; loss %s = %s%s%n", data.name(), data.size(), loss.key(),
                num(r.get(Measures.LOSS).value()), loss == LossKind.MSE ? " (½-sum per sample, THEORY.md §1)" : "");
        out.println();
        out.printf(ROW, "measure", "value", "± stderr", "how");
        Estimate t = r.get(Measures.TRACE_HESSIAN);
        out.printf(ROW, Measures.TRACE_HESSIAN, num(t.value()), err(t), estimator(t) + ", " + t.n() + " products");
        Estimate g = r.get(Measures.TRACE_GGN);
        out.printf(ROW, Measures.TRACE_GGN, num(g.value()), "exact", estimator(g) + ", " + g.diagnostics()
                .get("samples") + " samples");
        out.printf(ROW, Measures.SHARPNESS, num(r.get(Measures.SHARPNESS).value()), "exact",
                "sqrt(trace_ggn), the paper's");
        int i = 0;
        for (Estimate e : r.sites(Measures.TOP_EIGENVALUES).values()) {
            String how = (Boolean.TRUE.equals(e.converged()) ? "converged" : "NOT converged")
                    + (i == 0 ? ", Lanczos " + e.n() + " steps" : "");
            out.printf(ROW, i == 0 ? Measures.LAMBDA_MAX : "  eigenvalue " + (i + 1), num(e.value()),
                    "res " + String.format("%.1e", e.diagnostics().get("residual")), how);
            i++;
        }
        Estimate a = r.get(Measures.ADAPTIVE_TRACE);
        out.printf(ROW, Measures.ADAPTIVE_TRACE, num(a.value()), err(a), "Tr(DHD), D = diag|θ|, " + a.n()
                + " products");
        Estimate avg = r.get(Measures.AVG_SHARPNESS);
        out.printf(ROW, Measures.AVG_SHARPNESS, num(avg.value()), "± " + num(avg.stdErr()),
                (Boolean.TRUE.equals(avg.diagnostics().get("adaptive")) ? "adaptive" : "isotropic") + " ρ = "
                        + avg.diagnostics().get("rho") + ", " + avg.n() + " antithetic pairs");
        out.println();
        out.printf("%-24s %14s  %-12s %14s %14s%n", "layer", "rel. flatness", "± stderr", "rel. flat. GGN",
                "S_l (GGN)");
        Map<String, Estimate> kappaG = r.sites(Measures.RELATIVE_FLATNESS), sl = r.sites(Measures.TRACE_GGN_LAYER);
        for (Map.Entry<String, Estimate> le : r.sites(Measures.RELATIVE_FLATNESS_HESSIAN).entrySet()) {
            String name = le.getKey();
            String weight = layers.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow().weight();
            out.printf("%-24s %14s  %-12s %14s %14s%n", name, num(le.getValue().value()), err(le.getValue()),
                    num(value(kappaG.get(name))), num(value(sl.get(weight))));
        }
        if (r.has(Measures.SPECTRAL_DENSITY)) {
            Estimate d = r.get(Measures.SPECTRAL_DENSITY);
            out.printf("%nspectral density: SLQ, %s starts, %s products (nodes and weights in the JSON)%n",
                    d.diagnostics().get("starts"), d.diagnostics().get("matvecs"));
        }
    }

    private static double value(Estimate e) {
        return e == null ? Double.NaN : e.value();
    }

    private static Object estimator(Estimate e) {
        return e.diagnostics().get(Estimate.ESTIMATOR);
    }

    private static String err(Estimate t) {
        return "exact".equals(estimator(t)) ? "exact" : "± " + num(t.stdErr());
    }

    private static String num(double v) {
        return String.format("%.6g", v);
    }
}
