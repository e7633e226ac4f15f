package org.flatlens.analysis.sharpness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.GradMode;
import org.flatlens.autodiff.Var;
import org.flatlens.data.Batch;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.Site;
import org.flatlens.nn.SiteKind;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.Parallel;
import org.flatlens.tensor.Tensor;

/**
 * The Gauss–Newton measures by brute force: for every sample one forward pass and k backward passes, one per effective
 * output {@code g_c = (R f)_c} ({@code R} held fixed: the cotangent of pass c is row c of R, THEORY.md §1), each giving
 * {@code ∂g_c/∂θ}. Then {@code Tr(G) = AM_i Σ_c ||∂g_c/∂θ||²}, {@code S_l = AM_i Σ_c ||∂g_c/∂W_l||²} and
 * {@code κ^G_l = AM_i Σ_c ||W_matᵀ A_c||_F²} with {@code A_c = ∂g_c/∂W_mat}. For a dense layer {@code A_c = δ_c hᵀ}
 * ({@code δ_c = ∂g_c/∂z}, from the same pass), so {@code ||W_matᵀ A_c|| = ||Wᵀ δ_c|| · ||h||} and no
 * {@code fanIn × fanIn} product is formed; convolution and token layers form {@code W_matᵀ A_c}.
 *
 * <p>Samples are processed in parallel and summed in sample order, so results do not depend on the thread count. A
 * reference for faster per-sample Jacobian code, and what {@code flatlens measure} uses until that code is available.
 */
public final class BruteForceGgn implements GgnSource {

    @Override
    public GgnTraces compute(Model model, Parameters params, Dataset data, LossKind loss, List<LinearLayer> layers) {
        int n = data.size(), numLayers = layers.size();
        if (n == 0) throw new IllegalArgumentException("the GGN needs at least one sample");
        double[] total = new double[n];
        double[][] s = new double[numLayers][n], kappa = new double[numLayers][n];
        Parallel.forRange(n, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) sample(model, params, data.batch(new int[] {i}), loss, layers, i, total, s, kappa);
        });
        Map<String, Double> sByWeight = new LinkedHashMap<>(), kappaByLayer = new LinkedHashMap<>();
        for (int l = 0; l < numLayers; l++) {
            sByWeight.put(layers.get(l).weight(), mean(s[l]));
            kappaByLayer.put(layers.get(l).name(), mean(kappa[l]));
        }
        return new GgnTraces(mean(total), sByWeight, kappaByLayer, n, "brute-force");
    }

    private static void sample(Model model, Parameters params, Batch b, LossKind loss, List<LinearLayer> layers, int i,
            double[] total, double[][] s, double[][] kappa) {
        Map<String, Var> vars = params.vars(true);
        SiteRecorder rec = new SiteRecorder();
        Var f = model.forward(vars, Var.constant(b.x()), rec);
        List<Site> sites = rec.sites();
        if (sites.size() != layers.size()) throw new IllegalStateException("sites do not match the layer list");
        List<String> names = params.names();
        List<Var> wrt = new ArrayList<>(vars.values());
        for (Site site : sites) wrt.add(site.output());
        double[][] r = outputFactor(loss, f.value().data());
        int k = r.length;
        for (int c = 0; c < k; c++) {
            Var cot = Var.constant(new Tensor(f.shape(), r[c].clone()));
            List<Tensor> g = Autodiff.values(Autodiff.grad(List.of(f), wrt, List.of(cot), GradMode.NO_GRAPH));
            for (int p = 0; p < names.size(); p++) total[i] += squaredNorm(g.get(p));
            for (int l = 0; l < layers.size(); l++) {
                LinearLayer layer = layers.get(l);
                Tensor a = g.get(names.indexOf(layer.weight()));
                s[l][i] += squaredNorm(a);
                kappa[l][i] += relativeTerm(layer, params, sites.get(l), a, g.get(names.size() + l));
            }
        }
    }

    /** {@code ||W_matᵀ A||_F²}; for a dense layer {@code ||Wᵀδ||² ||h||²} (see the class comment). */
    private static double relativeTerm(LinearLayer layer, Parameters params, Site site, Tensor weightGrad, Tensor dz) {
        Tensor w = layer.matrix(params);
        if (layer.kind() == SiteKind.DENSE) {
            Tensor wtDelta = dz.reshape(1, layer.outDim()).matmul(w);
            return squaredNorm(wtDelta) * squaredNorm(site.input().value());
        }
        return squaredNorm(w.matmul(weightGrad.reshape(layer.outDim(), layer.fanIn()), true, false));
    }

    /**
     * The factor {@code R} with {@code RᵀR = Λ = ∇²_u ℓ} at logits {@code u}: MSE {@code I}; cross-entropy
     * {@code diag(√p)(I − 1pᵀ)}, {@code p = softmax(u)}.
     */
    static double[][] outputFactor(LossKind loss, double[] u) {
        int k = u.length;
        double[][] r = new double[k][k];
        if (loss == LossKind.MSE) {
            for (int c = 0; c < k; c++) r[c][c] = 1.0;
            return r;
        }
        double max = Double.NEGATIVE_INFINITY, z = 0;
        for (double v : u) max = Math.max(max, v);
        double[] p = new double[k];
        for (int c = 0; c < k; c++) z += p[c] = Math.exp(u[c] - max);
        for (int c = 0; c < k; c++) p[c] /= z;
        for (int c = 0; c < k; c++) {
            double sq = Math.sqrt(p[c]);
            for (int j = 0; j < k; j++) r[c][j] = sq * ((c == j ? 1.0 : 0.0) - p[j]);
        }
        return r;
    }

    private static double squaredNorm(Tensor t) {
        double s = 0;
        for (double v : t.data()) s += v * v;
        return s;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }
}
