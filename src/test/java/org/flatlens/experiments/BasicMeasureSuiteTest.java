package org.flatlens.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.data.Batch;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The basic suite against central finite differences of the outputs (an independent oracle). */
class BasicMeasureSuiteTest {
    private static final double H = 1e-5;

    private static Model model() {
        return Models.build(new ModelSpec("mlp", Map.of("widths", List.of(5)), new int[] {1, 2, 2}, 3));
    }

    private static Batch batch() {
        Tensor x = Tensor.randn(new SplittableRandom(4), 3, 1, 2, 2);
        return Dataset.fromTensor("t", x, new int[] {0, 1, 2}, 3).all();
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void traceGgnAndInputJacobianMatchFiniteDifferences(LossKind loss) {
        Model m = model();
        Parameters p = m.init(new SplittableRandom(1));
        Batch b = batch();
        double trG = 0, mls = 0;
        for (int i = 0; i < b.size(); i++) {
            Tensor xi = b.x().slice(0, i, i + 1).copy();
            double[] f = m.predict(p, xi).data();
            double[][] lambda = lambda(loss, f);
            double[][] jTheta = jacobianByParams(m, p, xi);     // [k][P]
            for (int a = 0; a < 3; a++) {
                for (int c = 0; c < 3; c++) trG += lambda[a][c] * dot(jTheta[a], jTheta[c]);
            }
            double[][] jx = BasicMeasureSuite.inputJacobians(m, p, loss, xi)[0];
            double[][] fd = jacobianByInput(m, p, xi);
            double[][] r = BasicMeasureSuite.outputFactor(loss, f);
            for (int c = 0; c < 3; c++) {
                for (int d = 0; d < 4; d++) {
                    double want = 0;
                    for (int a = 0; a < 3; a++) want += r[c][a] * fd[a][d];
                    assertEquals(want, jx[c][d], 1e-8);
                }
            }
            mls += org.flatlens.analysis.linalg.SmallSvd.jacobiSingularValues(jx)[0];
        }
        Measurements got = new BasicMeasureSuite(true).measure(m, p, loss, b, null, new SplittableRandom(0));
        assertEquals(trG / b.size(), got.values().get("trace_ggn"), 1e-7 * trG);
        assertEquals(Math.sqrt(got.values().get("trace_ggn")), got.values().get("sharpness"), 1e-15);
        assertEquals(mls / b.size(), got.values().get("mls"), 1e-8);
        double ld = got.values().get("local_dim");
        assertEquals(true, ld >= 1 - 1e-12 && ld <= (loss == LossKind.MSE ? 3 : 2) + 1e-12, "local_dim " + ld);
    }

    /** Λ = ∇²_u ℓ: identity for MSE, diag(p) − ppᵀ for CE (computed independently of R). */
    private static double[][] lambda(LossKind loss, double[] f) {
        double[][] l = new double[3][3];
        double z = 0;
        double[] p = new double[3];
        for (int c = 0; c < 3; c++) z += p[c] = Math.exp(f[c]);
        for (int a = 0; a < 3; a++) {
            for (int c = 0; c < 3; c++) {
                l[a][c] = loss == LossKind.MSE ? (a == c ? 1 : 0) : (a == c ? p[a] / z : 0) - p[a] * p[c] / (z * z);
            }
        }
        return l;
    }

    private static double[][] jacobianByParams(Model m, Parameters p, Tensor x) {
        List<Tensor> ts = p.tensors();
        int total = p.count();
        double[][] j = new double[3][total];
        int at = 0;
        for (Tensor t : ts) {
            for (int q = 0; q < t.size(); q++, at++) {
                double old = t.data()[q];
                t.data()[q] = old + H;
                double[] up = m.predict(p, x).data();
                t.data()[q] = old - H;
                double[] dn = m.predict(p, x).data();
                t.data()[q] = old;
                for (int c = 0; c < 3; c++) j[c][at] = (up[c] - dn[c]) / (2 * H);
            }
        }
        return j;
    }

    private static double[][] jacobianByInput(Model m, Parameters p, Tensor x) {
        double[][] j = new double[3][x.size()];
        for (int d = 0; d < x.size(); d++) {
            double old = x.data()[d];
            x.data()[d] = old + H;
            double[] up = m.predict(p, x).data();
            x.data()[d] = old - H;
            double[] dn = m.predict(p, x).data();
            x.data()[d] = old;
            for (int c = 0; c < 3; c++) j[c][d] = (up[c] - dn[c]) / (2 * H);
        }
        return j;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
