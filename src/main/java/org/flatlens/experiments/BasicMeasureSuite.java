package org.flatlens.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.analysis.linalg.SmallSvd;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.GradMode;
import org.flatlens.autodiff.Var;
import org.flatlens.data.Batch;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * A small, brute-force measure suite that needs nothing but autodiff, until the analysis packages are wired in:
 * at the input site, from the Jacobian {@code J_i = ∂g_i/∂x_i} of the effective output {@code g = R f} (THEORY.md §1;
 * MSE {@code R = I}, CE {@code R = diag(√p)(I − 1pᵀ)} held fixed), and from per-sample parameter gradients:
 * <ul>
 *   <li>{@code mls} = AM_i σ_1(J_i); {@code log_volume} = AM_i Σ_{j≤r} log σ_j (r = k for MSE, k − 1 for CE,
 *       at most dim x; −∞ when a σ_j is zero by the §7 rank rule); {@code local_dim} = AM_i (Σσ²)²/Σσ⁴;
 *       {@code jacobian_energy} = AM_i ||J_i||_F²;</li>
 *   <li>{@code trace_ggn} = Tr G = AM_i ||∂g_i/∂θ||_F² (exact), {@code sharpness} = sqrt(Tr G).</li>
 * </ul>
 * Cost: k backward passes over the tracked batch for the Jacobians, and one forward and k backward passes per sample
 * for Tr G. The singular values come from the k × k Gram matrix, so values below about √ε σ_1 are not resolved.
 * Requires samples that do not interact in the forward pass (true for every model here: no batch statistics).
 */
public final class BasicMeasureSuite implements MeasureSuite {
    private static final double EPS = Math.ulp(1.0);
    private final boolean withTraceGgn;

    /** @param withTraceGgn whether to compute {@code trace_ggn} and {@code sharpness} (per-sample backward passes) */
    public BasicMeasureSuite(boolean withTraceGgn) {
        this.withTraceGgn = withTraceGgn;
    }

    @Override
    public Measurements measure(Model model, Parameters params, LossKind loss, Batch train, Batch test,
            RandomGenerator rng) {
        Map<String, Double> v = new LinkedHashMap<>();
        inputSiteMeasures(model, params, loss, train.x(), v);
        if (withTraceGgn) {
            double tr = traceGgn(model, params, loss, train.x());
            v.put("trace_ggn", tr);
            v.put("sharpness", Math.sqrt(tr));
        }
        return Measurements.of(v);
    }

    private static void inputSiteMeasures(Model model, Parameters params, LossKind loss, Tensor x,
            Map<String, Double> out) {
        double[][][] j = inputJacobians(model, params, loss, x);
        int m = j.length, k = j[0].length, d = j[0][0].length;
        int r = Math.min(loss == LossKind.MSE ? k : k - 1, d);
        double mls = 0, logVol = 0, localDim = 0, energy = 0;
        for (double[][] ji : j) {
            double[] s = SmallSvd.singularValues(ji);
            double zero = s[0] * Math.max(k, d) * EPS, sq = 0, quad = 0, lv = 0;
            for (int c = 0; c < r; c++) {
                lv += s[c] <= zero ? Double.NEGATIVE_INFINITY : Math.log(s[c]);
                sq += s[c] * s[c];
                quad += s[c] * s[c] * s[c] * s[c];
            }
            mls += s[0];
            logVol += lv;
            localDim += sq * sq / quad;
            energy += sq;
        }
        out.put("mls", mls / m);
        out.put("log_volume", logVol / m);
        out.put("local_dim", localDim / m);
        out.put("jacobian_energy", energy / m);
    }

    /**
     * {@code J_i = R_i ∂f(x_i)/∂x_i} for every sample, as [M][k][D]: row c of every J_i from one backward pass of
     * {@code Σ_i f_{i,c}} with respect to the batch (samples do not interact, so the rows separate).
     */
    static double[][][] inputJacobians(Model model, Parameters params, LossKind loss, Tensor x) {
        Var xv = Var.param(x);
        Var out = model.forward(params.vars(false), xv, null);
        int m = out.shape().dim(0), k = out.shape().dim(1), d = x.size() / m;
        double[][][] jf = new double[m][k][];
        for (int c = 0; c < k; c++) {
            Tensor e = Tensor.zeros(m, k);
            for (int i = 0; i < m; i++) e.data()[i * k + c] = 1.0;
            Tensor g = Autodiff.grad(List.of(out), List.of(xv), List.of(Var.constant(e)), GradMode.NO_GRAPH)
                    .get(0).value();
            for (int i = 0; i < m; i++) jf[i][c] = java.util.Arrays.copyOfRange(g.data(), i * d, (i + 1) * d);
        }
        if (loss == LossKind.MSE) return jf;
        double[][][] jg = new double[m][][];
        for (int i = 0; i < m; i++) jg[i] = times(outputFactor(loss, row(out.value(), i)), jf[i]);
        return jg;
    }

    /** {@code Tr G = AM_i Σ_c ||∂g_{i,c}/∂θ||²}, one forward and k backward passes per sample. */
    static double traceGgn(Model model, Parameters params, LossKind loss, Tensor x) {
        int m = x.dim(0), d = x.size() / m;
        int[] dims = x.shape().dims();
        dims[0] = 1;
        double total = 0;
        for (int i = 0; i < m; i++) {
            Tensor xi = new Tensor(Shape.of(dims), java.util.Arrays.copyOfRange(x.data(), i * d, (i + 1) * d));
            Map<String, Var> vars = params.vars(true);
            List<Var> pv = List.copyOf(vars.values());
            Var out = model.forward(vars, Var.constant(xi), null);
            double[][] r = outputFactor(loss, out.value().data());
            for (double[] rc : r) {
                Var cot = Var.constant(Tensor.of(rc.clone(), 1, rc.length));
                for (Var g : Autodiff.grad(List.of(out), pv, List.of(cot), GradMode.NO_GRAPH)) {
                    total += g.value().dot(g.value());
                }
            }
        }
        return total / m;
    }

    /** R with {@code Rᵀ R = Λ}: the identity for MSE; {@code R_{cc'} = √p_c (δ_{cc'} − p_{c'})} for CE. */
    static double[][] outputFactor(LossKind loss, double[] logits) {
        int k = logits.length;
        double[][] r = new double[k][k];
        if (loss == LossKind.MSE) {
            for (int c = 0; c < k; c++) r[c][c] = 1;
            return r;
        }
        double max = Double.NEGATIVE_INFINITY, z = 0;
        for (double u : logits) max = Math.max(max, u);
        double[] p = new double[k];
        for (int c = 0; c < k; c++) z += p[c] = Math.exp(logits[c] - max);
        for (int c = 0; c < k; c++) p[c] /= z;
        for (int c = 0; c < k; c++) {
            for (int c2 = 0; c2 < k; c2++) r[c][c2] = Math.sqrt(p[c]) * ((c == c2 ? 1 : 0) - p[c2]);
        }
        return r;
    }

    private static double[] row(Tensor t, int i) {
        int k = t.dim(1);
        return java.util.Arrays.copyOfRange(t.data(), i * k, (i + 1) * k);
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int l = 0; l < b.length; l++) {
                double s = a[i][l];
                if (s == 0) continue;
                for (int j = 0; j < b[0].length; j++) c[i][j] += s * b[l][j];
            }
        }
        return c;
    }
}
