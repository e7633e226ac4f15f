package org.flatlens.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.flatlens.analysis.linalg.LanczosResult;
import org.flatlens.analysis.linalg.TraceEstimate;
import org.flatlens.analysis.sharpness.AverageSharpness;
import org.flatlens.analysis.sharpness.GgnTraces;
import org.flatlens.analysis.sharpness.SharpnessResult;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;

/** The readable table of {@code flatlens measure}: one row per measure, with its uncertainty and how it was made. */
final class MeasureTable {
    private static final String ROW = "%-24s %14s  %-12s %s%n";

    private MeasureTable() {}

    static void print(PrintWriter out, ModelWeights mw, Dataset data, LossKind loss, SharpnessResult r) {
        out.printf("model %s, %,d parameters (%s)%n", mw.model().spec().arch(), mw.params().count(), mw.source());
        for (org.flatlens.nn.Structure s : mw.model().structure()) out.printf("note  %s%n", s.note());
        out.printf("data  %s, %d samples; loss %s = %s%s%n", data.name(), data.size(), loss.key(), num(r.loss()),
                loss == LossKind.MSE ? " (½-sum per sample, THEORY.md §1)" : "");
        out.println();
        out.printf(ROW, "measure", "value", "± stderr", "how");
        TraceEstimate t = r.traceHessian();
        out.printf(ROW, "trace_hessian", num(t.mean()), err(t), t.estimator() + ", " + t.probes() + " products");
        GgnTraces g = r.ggn();
        out.printf(ROW, "trace_ggn", num(g.traceGgn()), "exact", g.method() + ", " + g.samples() + " samples");
        out.printf(ROW, "sharpness", num(g.sharpness()), "exact", "sqrt(trace_ggn), the paper's");
        LanczosResult e = r.eigen();
        for (int i = 0; i < e.eigenvalues().length; i++) {
            String how = (e.converged()[i] ? "converged" : "NOT converged")
                    + (i == 0 ? ", Lanczos " + e.steps() + " steps" : "");
            out.printf(ROW, i == 0 ? "lambda_max" : "  eigenvalue " + (i + 1), num(e.eigenvalues()[i]),
                    "res " + String.format("%.1e", e.residualNorms()[i]), how);
        }
        TraceEstimate a = r.adaptiveTrace();
        out.printf(ROW, "adaptive_trace", num(a.mean()), err(a), "Tr(DHD), D = diag|θ|, " + a.probes() + " products");
        AverageSharpness avg = r.avgSharpness();
        out.printf(ROW, "avg_sharpness", num(avg.mean()), "± " + num(avg.stdErr()),
                (avg.adaptive() ? "adaptive" : "isotropic") + " ρ = " + avg.rho() + ", " + avg.samples()
                        + " antithetic pairs");
        out.println();
        out.printf("%-24s %14s  %-12s %14s %14s%n", "layer", "rel. flatness", "± stderr", "rel. flat. GGN",
                "S_l (GGN)");
        for (Map.Entry<String, TraceEstimate> le : r.relativeFlatness().entrySet()) {
            String name = le.getKey();
            String weight = r.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow().weight();
            out.printf("%-24s %14s  %-12s %14s %14s%n", name, num(le.getValue().mean()), err(le.getValue()),
                    num(g.relativeFlatness().getOrDefault(name, Double.NaN)),
                    num(g.traceGgnLayers().getOrDefault(weight, Double.NaN)));
        }
        if (r.density() != null) {
            out.printf("%nspectral density: SLQ, %d starts, %d products (nodes and weights in the JSON)%n",
                    r.density().numStarts(), r.density().matvecs());
        }
    }

    private static String err(TraceEstimate t) {
        return t.estimator().equals("exact") ? "exact" : "± " + num(t.stdErr());
    }

    private static String num(double v) {
        return String.format("%.6g", v);
    }
}
