package org.flatlens.testutil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.GradMode;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.Site;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.Tensor;

/**
 * The oracle of STYLE.md: one sample and one effective output at a time, a full backward pass per (sample, output).
 * Shares no code with the batched engine beyond the model and the autodiff.
 */
public final class BruteForce {
    private BruteForce() {}

    /**
     * Gradients of {@code g_c = Σ_j R[c][j] f_j(x)} for one sample.
     *
     * @param params   every parameter's gradient, by name (a forward pass without recorder: the plain graph)
     * @param jacobian per site, {@code ∂g_c/∂h} (h as seen by the layer), per-sample shape
     * @param delta    per site, {@code ∂g_c/∂z}
     * @param h        per site, the representation
     */
    public record Grads(Map<String, Tensor> params, List<Tensor> jacobian, List<Tensor> delta, List<Tensor> h) {}

    /** R for one sample, computed here from its own softmax (independently of the library's OutputFactor). */
    public static double[][] factor(LossKind loss, double[] f) {
        int k = f.length;
        double[][] r = new double[k][k];
        if (loss == LossKind.MSE) {
            for (int c = 0; c < k; c++) r[c][c] = 1;
            return r;
        }
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (double v : f) m = Math.max(m, v);
        double[] p = new double[k];
        for (int j = 0; j < k; j++) s += p[j] = Math.exp(f[j] - m);
        for (int j = 0; j < k; j++) p[j] /= s;
        // Λ = diag(p) − ppᵀ = RᵀR with R = diag(√p)(I − 1pᵀ)
        for (int c = 0; c < k; c++) for (int j = 0; j < k; j++) r[c][j] = Math.sqrt(p[c]) * ((c == j ? 1 : 0) - p[j]);
        return r;
    }

    /** @param x one sample {@code [1, C, H, W]} */
    public static Grads of(Model model, Parameters params, Tensor x, LossKind loss, int c) {
        double[][] r = factor(loss, model.predict(params, x).data());
        Tensor row = Tensor.of(r[c], 1, r.length);
        Map<String, Var> p = params.vars(true);
        Var g = model.forward(p, Var.constant(x), null).dot(Var.constant(row));
        List<Tensor> pg = Autodiff.gradValues(g, new ArrayList<>(p.values()));
        Map<String, Tensor> byName = new LinkedHashMap<>();
        int j = 0;
        for (String name : p.keySet()) byName.put(name, pg.get(j++));
        SiteRecorder rec = new SiteRecorder();
        Var g2 = model.forward(params.vars(false), Var.constant(x), rec).dot(Var.constant(row));
        List<Var> taps = new ArrayList<>();
        for (Site s : rec.sites()) taps.add(s.input());
        for (Site s : rec.sites()) taps.add(s.output());
        List<Tensor> grads = Autodiff.values(Autodiff.grad(g2, taps, GradMode.NO_GRAPH));
        int n = rec.sites().size();
        List<Tensor> h = new ArrayList<>();
        for (Site s : rec.sites()) h.add(s.input().value());
        return new Grads(byName, grads.subList(0, n), grads.subList(n, 2 * n), h);
    }

    /** {@code ||t||²}. */
    public static double sq(Tensor t) {
        return t.dot(t);
    }
}
