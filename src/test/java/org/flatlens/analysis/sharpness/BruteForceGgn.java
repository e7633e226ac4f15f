package org.flatlens.analysis.sharpness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.flatlens.tensor.kernels.Parallel;
import org.flatlens.tensor.Tensor;

/**
 * The Gauss–Newton measures by brute force: for every sample one forward pass and k backward passes, one per effective
 * output {@code g_c = (R f)_c} ({@code R} held fixed: the cotangent of pass c is row c of R, THEORY.md §1), each giving
 * {@code ∂g_c/∂θ}. Then {@code Tr(G) = AM_i Σ_c ||∂g_c/∂θ||²}, {@code S_l = AM_i Σ_c ||∂g_c/∂W_l||²} and
 * {@code κ^G_l = AM_i Σ_c ||W_matᵀ A_c||_F²} with {@code A_c = ∂g_c/∂W_mat}. For a dense layer (one sample, weight
 * used once) {@code A_c = δ_c hᵀ} with {@code δ_c = ∂g_c/∂z} from the same pass, so its gradient is not formed:
 * {@code ||A_c||² = ||δ_c||² ||h||²} and {@code ||W_matᵀ A_c|| = ||Wᵀ δ_c|| · ||h||}. Convolution and token layers
 * (and every other parameter) take their gradients from the pass and form {@code W_matᵀ A_c}.
 *
 * <p>Samples are processed in parallel and summed in sample order, so results do not depend on the thread count. The
 * test oracle for the per-sample Jacobians of package {@code analysis.jacobians}, which {@code flatlens measure} uses.
 */
public final class BruteForceGgn {

    /**
     * @param layers the linear layers whose {@code S_l} and {@code κ^G_l} are wanted
     */
    public GgnTraces compute(Model model, Parameters params, Dataset data, LossKind loss, List<LinearLayer> layers) {
        int n = data.size(), numLayers = layers.size();
        if (n == 0) throw new IllegalArgumentException("the GGN needs at least one sample");
        double[] total = new double[n];
        double[][] s = new double[numLayers][n], kappa = new double[numLayers][n];
        Parallel.forRange(n, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                sample(model, params, data.batch(new int[] {i}), loss, layers, i, total, s, kappa);
            }
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
        Set<String> rankOne = rankOneWeights(sites);
        List<String> direct = new ArrayList<>();
        List<Var> wrt = new ArrayList<>();
        vars.forEach((name, v) -> {
            if (!rankOne.contains(name)) {
                direct.add(name);
                wrt.add(v);
            }
        });
        for (Site site : sites) wrt.add(site.output());
        for (double[] row : outputFactor(loss, f.value().data())) {
            Var cot = Var.constant(new Tensor(f.shape(), row.clone()));
            List<Tensor> g = Autodiff.values(Autodiff.grad(List.of(f), wrt, List.of(cot), GradMode.NO_GRAPH));
            for (int p = 0; p < direct.size(); p++) total[i] += squaredNorm(g.get(p));
            for (int l = 0; l < layers.size(); l++) {
                LinearLayer layer = layers.get(l);
                Tensor w = layer.matrix(params);
                if (rankOne.contains(layer.weight())) {
                    Tensor dz = g.get(direct.size() + l).reshape(1, layer.outDim());
                    double hh = squaredNorm(sites.get(l).input().value());
                    double sl = squaredNorm(dz) * hh;
                    total[i] += sl;
                    s[l][i] += sl;
                    kappa[l][i] += squaredNorm(dz.matmul(w)) * hh;
                } else {
                    Tensor a = g.get(direct.indexOf(layer.weight())).reshape(layer.outDim(), layer.fanIn());
                    s[l][i] += squaredNorm(a);
                    kappa[l][i] += squaredNorm(w.matmul(a, true, false));
                }
            }
        }
    }

    /** Weights of dense sites used by exactly one site: their per-sample gradient is the outer product δ hᵀ. */
    private static Set<String> rankOneWeights(List<Site> sites) {
        Map<String, Integer> uses = new HashMap<>();
        for (Site site : sites) uses.merge(site.weight(), 1, Integer::sum);
        Set<String> out = new HashSet<>();
        for (Site site : sites) {
            if (site.kind() == SiteKind.DENSE && uses.get(site.weight()) == 1) out.add(site.weight());
        }
        return out;
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
