package org.flatlens.analysis.jacobians;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flatlens.nn.LossKind;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.BruteForce;
import org.flatlens.testutil.GradCheck;
import org.flatlens.testutil.TestModels;
import org.flatlens.testutil.TestModels.Case;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The batched engine against one backward pass per (sample, output). */
class JacobianEngineTest {
    static final int N = 3;

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (long seed : new long[] {1, 2, 3}) {
            for (Case c : TestModels.all(seed)) {
                for (LossKind loss : LossKind.values()) a.add(Arguments.of(c, loss, seed));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void siteJacobiansOutputGradientsAndInputsEqualBruteForce(Case m, LossKind loss, long seed) {
        Tensor x = m.inputs(N, seed + 10);
        JacobianEngine engine = new JacobianEngine(m.model(), m.params(), loss);
        ChunkJacobians chunk = engine.compute(x);
        int k = m.outputs();
        double worst = 0;
        int checked = 0;
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < k; c++) {
                BruteForce.Grads bf = BruteForce.of(m.model(), m.params(), x.slice(0, i, i + 1), loss, c);
                for (int l = 0; l < chunk.sites().size(); l++) {
                    SiteBlock b = chunk.sites().get(l);
                    worst = Math.max(worst, rel(b.jacobians()[c], b.jacobianOffset(i), bf.jacobian().get(l)));
                    worst = Math.max(worst, rel(b.deltas()[c], b.deltaOffset(i), bf.delta().get(l)));
                    worst = Math.max(worst, rel(b.h().data(), b.hOffset(i), bf.h().get(l)));
                    checked += 3;
                }
            }
        }
        assertTrue(worst < 1e-12, "worst relative difference " + worst + " over " + checked + " blocks");
        assertEquals("input", chunk.sites().get(0).info().name());
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void inputSiteJacobianEqualsCentralDifferences(Case m, LossKind loss, long seed) {
        Tensor x = m.inputs(2, seed + 20);
        ChunkJacobians chunk = new JacobianEngine(m.model(), m.params(), loss).compute(x);
        SiteBlock input = chunk.sites().get(0);
        int k = m.outputs();
        for (int i = 0; i < 2; i++) {
            Tensor xi = x.slice(0, i, i + 1);
            double[][] r = chunk.factors()[i];
            for (int c = 0; c < k; c++) {
                double[] row = r[c];
                GradCheck.ScalarFn g = v -> m.model().forward(m.params().vars(false), v.get(0), null)
                        .dot(org.flatlens.autodiff.Var.constant(Tensor.of(row, 1, k)));
                Tensor numeric = GradCheck.numericGrad(g, List.of(xi), 0);
                double e = rel(input.jacobians()[c], input.jacobianOffset(i), numeric);
                assertTrue(e < 1e-6, m + " sample " + i + " output " + c + ": relative error " + e);
            }
        }
    }

    /** An inner site by central differences: the tail of the tanh MLP written out by hand, as a function of h. */
    @org.junit.jupiter.api.Test
    void innerSiteJacobianEqualsCentralDifferencesOfTheHandWrittenTail() {
        Case m = TestModels.mlp("tanh", 4);
        for (LossKind loss : LossKind.values()) {
            Tensor x = m.inputs(2, 44);
            ChunkJacobians chunk = new JacobianEngine(m.model(), m.params(), loss).compute(x);
            SiteBlock site = chunk.sites().get(1);
            assertEquals("2", site.info().name());
            java.util.Map<String, org.flatlens.autodiff.Var> p = m.params().vars(false);
            for (int i = 0; i < 2; i++) {
                Tensor h = new Tensor(org.flatlens.tensor.Shape.of(1, 7),
                        java.util.Arrays.copyOfRange(site.h().data(), site.hOffset(i), site.hOffset(i) + 7));
                for (int c = 0; c < m.outputs(); c++) {
                    Tensor row = Tensor.of(chunk.factors()[i][c], 1, m.outputs());
                    GradCheck.ScalarFn tail = v -> v.get(0).matmul(p.get("2.weight"), false, true).add(p.get("2.bias"))
                            .tanh().matmul(p.get("4.weight"), false, true).add(p.get("4.bias"))
                            .dot(org.flatlens.autodiff.Var.constant(row));
                    double e = rel(site.jacobians()[c], site.jacobianOffset(i), GradCheck.numericGrad(tail,
                            List.of(h), 0));
                    assertTrue(e < 1e-8, loss + " sample " + i + " output " + c + ": relative error " + e);
                }
            }
        }
    }

    /** {@code ||a[off..] − b|| / max(||a||, ||b||)} over b's size. */
    static double rel(double[] a, int off, Tensor b) {
        double diff = 0, na = 0, nb = 0;
        for (int j = 0; j < b.size(); j++) {
            double u = a[off + j], v = b.data()[j];
            diff += (u - v) * (u - v);
            na += u * u;
            nb += v * v;
        }
        double scale = Math.sqrt(Math.max(na, nb));
        return scale == 0 ? 0 : Math.sqrt(diff) / scale;
    }
}
