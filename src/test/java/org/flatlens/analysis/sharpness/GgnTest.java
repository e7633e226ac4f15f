package org.flatlens.analysis.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.linalg.ExactTrace;
import org.flatlens.analysis.linalg.LinearOperator;
import org.flatlens.analysis.linalg.ParamVector;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.Var;
import org.flatlens.data.Batch;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.Site;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The brute-force GGN measures against an independent dense oracle, and {@code Tr(H) = Tr(G)} at an interpolating
 * MSE solution (THEORY.md §1).
 */
class GgnTest {

    /**
     * Oracle: G is exactly the Hessian at θ₀ of {@code (1/n) Σ_i ½ (f_i(θ) − f_i(θ₀))ᵀ Λ_i (f_i(θ) − f_i(θ₀))} with
     * {@code Λ_i} held fixed (the residual is zero at θ₀, so only {@code JᵀΛJ} remains); assembled densely from HVPs.
     */
    @ParameterizedTest
    @EnumSource(LossKind.class)
    void bruteForceMatchesTheDenseGaussNewtonMatrix(LossKind loss) {
        for (TinyModels.Case c : TinyModels.all()) {
            double[][] g = denseGgn(c, loss);
            List<LinearLayer> layers = LinearLayer.of(c.model(), c.params());
            GgnTraces t = new BruteForceGgn().compute(c.model(), c.params(), c.data(), loss, layers);
            double tr = TinyModels.trace(g);
            System.out.printf("%s %s: Tr(G) brute force %.12f, dense %.12f%n", c.name(), loss.key(), t.traceGgn(), tr);
            assertEquals(tr, t.traceGgn(), 1e-10 * tr, c.name());
            assertEquals(Math.sqrt(t.traceGgn()), t.sharpness(), 0.0);
            for (LinearLayer l : layers) {
                int off = TinyModels.weightOffset(c.params(), l.weight());
                double s = 0;
                for (int j = off; j < off + l.outDim() * l.fanIn(); j++) s += g[j][j];
                assertEquals(s, t.traceGgnLayers().get(l.weight()), 1e-10 * tr, c.name() + " S_" + l.name());
                double kappa = TinyModels.petzka(g, c.params(), l);
                assertEquals(kappa, t.relativeFlatness().get(l.name()), 1e-10 * Math.abs(kappa) + 1e-14,
                        c.name() + " κ^G_" + l.name() + " (" + l.kind() + ")");
            }
            assertEquals(layers.size(), t.traceGgnLayers().size());
        }
    }

    /** At an exactly interpolating MSE solution, H = G: traces, Hessians and relative flatness agree. */
    @Test
    void hessianEqualsGaussNewtonAtAnInterpolatingMseSolution() {
        TinyModels.Case c = Interpolation.solve(TinyModels.mlp("tanh", 12, 4));
        DatasetHessian h = c.hessian(LossKind.MSE, 2);
        assertTrue(h.loss() < 1e-25, "not interpolating: loss " + h.loss());
        double trH = HessianTrace.estimate(h, null, 0, HessianTrace.Method.EXACT).mean();
        List<LinearLayer> layers = LinearLayer.of(c.model(), c.params());
        GgnTraces g = new BruteForceGgn().compute(c.model(), c.params(), c.data(), LossKind.MSE, layers);
        System.out.printf("interpolating mlp: loss %.1e, Tr(H) %.12f, Tr(G) %.12f%n", h.loss(), trH, g.traceGgn());
        assertEquals(g.traceGgn(), trH, 1e-10 * trH);
        assertTrue(DatasetHessianTest.frobeniusRelDiff(TinyModels.hessian(h), denseGgn(c, LossKind.MSE)) < 1e-10);
        for (LinearLayer l : layers) {
            double kappaH = RelativeFlatness.hessianExact(h, l).mean();
            assertEquals(g.relativeFlatness().get(l.name()), kappaH, 1e-10 * Math.abs(kappaH), l.name());
        }
    }

    /** Away from interpolation the two differ, and the report's gap shows it. */
    @Test
    void hessianAndGaussNewtonDifferAwayFromInterpolation() {
        TinyModels.Case c = TinyModels.mlp("tanh", 12, 4);
        DatasetHessian h = c.hessian(LossKind.MSE, 4);
        double trH = HessianTrace.estimate(h, null, 0, HessianTrace.Method.EXACT).mean();
        double trG = new BruteForceGgn().compute(c.model(), c.params(), c.data(), LossKind.MSE,
                LinearLayer.of(c.model(), c.params())).traceGgn();
        assertTrue(Math.abs(trH - trG) > 1e-3 * trG, "Tr(H) " + trH + " vs Tr(G) " + trG);
    }

    static double[][] denseGgn(TinyModels.Case c, LossKind loss) {
        Batch b = c.data().all();
        Tensor f0 = c.model().predict(c.params(), b.x());
        Tensor p = softmaxRows(f0);
        int n = b.size();
        LinearOperator g = v -> {
            Map<String, Var> vars = c.params().vars(true);
            Var d = c.model().forward(vars, Var.constant(b.x()), null).sub(Var.constant(f0));
            Var quad = loss == LossKind.MSE ? d.square().sum()
                    : d.square().mul(Var.constant(p)).sum().sub(d.mul(Var.constant(p)).sum(1, false).square().sum());
            return ParamVector.of(Autodiff.hvp(quad.mul(0.5 / n), new ArrayList<>(vars.values()), v.parts()));
        };
        return ExactTrace.materialize(g, ParamVector.of(c.params().tensors()));
    }

    private static Tensor softmaxRows(Tensor f) {
        int n = f.dim(0), k = f.dim(1);
        double[] out = new double[n * k];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY, z = 0;
            for (int c = 0; c < k; c++) max = Math.max(max, f.data()[i * k + c]);
            for (int c = 0; c < k; c++) z += out[i * k + c] = Math.exp(f.data()[i * k + c] - max);
            for (int c = 0; c < k; c++) out[i * k + c] /= z;
        }
        return new Tensor(f.shape(), out);
    }

    /** Sets the last layer of a tiny MLP to the minimum-norm exact fit of the one-hot targets. */
    static final class Interpolation {
        private Interpolation() {}

        static TinyModels.Case solve(TinyModels.Case c) {
            Batch b = c.data().all();
            SiteRecorder rec = new SiteRecorder();
            c.model().forward(c.params().vars(false), Var.constant(b.x()), rec);
            Site last = rec.sites().get(rec.sites().size() - 1);
            double[] h = last.input().value().data();
            int n = b.size(), d = last.input().shape().dim(1), k = TinyModels.K;
            double[][] a = new double[n][d + 1];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) a[i][j] = h[i * d + j];
                a[i][d] = 1.0;
            }
            // X = Aᵀ (A Aᵀ)⁻¹ Y, the minimum-norm solution of A X = Y (n ≤ d + 1 equations).
            double[][] gram = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) for (int q = 0; q <= d; q++) gram[i][j] += a[i][q] * a[j][q];
            }
            double[] w = new double[k * d], bias = new double[k];
            for (int out = 0; out < k; out++) {
                double[] y = new double[n];
                for (int i = 0; i < n; i++) y[i] = b.labels()[i] == out ? 1.0 : 0.0;
                double[] z = solveLinear(gram, y);
                for (int q = 0; q <= d; q++) {
                    double x = 0;
                    for (int i = 0; i < n; i++) x += a[i][q] * z[i];
                    if (q < d) w[out * d + q] = x;
                    else bias[out] = x;
                }
            }
            String prefix = last.layer();
            List<Tensor> values = new ArrayList<>();
            for (String name : c.params().names()) {
                if (name.equals(prefix + ".weight")) values.add(new Tensor(c.params().get(name).shape(), w));
                else if (name.equals(prefix + ".bias")) values.add(new Tensor(c.params().get(name).shape(), bias));
                else values.add(c.params().get(name));
            }
            Parameters p = c.params().with(values);
            return c.withParams(p);
        }

        /** Gaussian elimination with partial pivoting. */
        static double[] solveLinear(double[][] m, double[] rhs) {
            int n = rhs.length;
            double[][] a = new double[n][];
            for (int i = 0; i < n; i++) {
                a[i] = java.util.Arrays.copyOf(m[i], n + 1);
                a[i][n] = rhs[i];
            }
            for (int col = 0; col < n; col++) {
                int piv = col;
                for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
                double[] t = a[col];
                a[col] = a[piv];
                a[piv] = t;
                for (int r = 0; r < n; r++) {
                    if (r == col) continue;
                    double f = a[r][col] / a[col][col];
                    for (int q = col; q <= n; q++) a[r][q] -= f * a[col][q];
                }
            }
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = a[i][n] / a[i][i];
            return x;
        }
    }
}
