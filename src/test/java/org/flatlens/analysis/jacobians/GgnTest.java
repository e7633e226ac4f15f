package org.flatlens.analysis.jacobians;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flatlens.nn.LossKind;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.BruteForce;
import org.flatlens.testutil.TestModels.Case;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code trace_ggn}, {@code S_l} and {@code κ^G_l} against brute-force sums and the literal Petzka definition. */
class GgnTest {
    static final int N = 4;

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("org.flatlens.analysis.jacobians.JacobianEngineTest#cases")
    void traceGgnLayersAndRelativeFlatnessEqualBruteForce(Case m, LossKind loss, long seed) {
        Tensor x = m.inputs(N, seed + 60);
        GgnReport r = Ggn.compute(m.model(), m.params(), x, loss, 3);
        int k = m.outputs();
        Map<String, Double> perParam = new LinkedHashMap<>();
        double[] byOutput = new double[k];
        Map<String, double[][][]> petzka = new LinkedHashMap<>(); // weight → G blocks [s][s'] as F×F traces
        double total = 0;
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < k; c++) {
                Map<String, Tensor> g = BruteForce.of(m.model(), m.params(), x.slice(0, i, i + 1), loss, c).params();
                for (Map.Entry<String, Tensor> e : g.entrySet()) {
                    double sq = BruteForce.sq(e.getValue());
                    perParam.merge(e.getKey(), sq / N, Double::sum);
                    byOutput[c] += sq / N;
                    total += sq / N;
                }
                for (String w : r.relativeFlatness().keySet()) addBlockTraces(petzka, w, g.get(w));
            }
        }
        double tol = 1e-12 * total;
        assertEquals(total, r.traceGgn(), tol);
        assertArrayEquals(byOutput, r.traceGgnByOutput(), 1e-12 * total);
        assertEquals(perParam.keySet(), new java.util.HashSet<>(r.traceGgnParams().keySet()));
        perParam.forEach((name, v) -> assertEquals(v, r.traceGgnParams().get(name), tol, name));
        r.traceGgnLayers().forEach((w, s) -> assertEquals(perParam.get(w), s, tol, w));
        for (String w : r.relativeFlatness().keySet()) {
            double kappa = petzkaSum(m.params().get(w), petzka.get(w)) / N;
            assertEquals(kappa, r.relativeFlatness().get(w), 1e-11 * Math.max(kappa, 1e-300), m + " " + w);
        }
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("org.flatlens.analysis.jacobians.JacobianEngineTest#cases")
    void chunkingDoesNotChangeAnyNumber(Case m, LossKind loss, long seed) {
        Tensor x = m.inputs(5, seed + 70);
        GgnReport one = Ggn.compute(m.model(), m.params(), x, loss, 5);
        for (int chunk : new int[] {1, 2, 3}) {
            GgnReport r = Ggn.compute(m.model(), m.params(), x, loss, chunk);
            // Equal to rounding: the GEMM kernel may sum a few rows in another order than many (testutil.Approx).
            org.flatlens.testutil.Approx.assertClose(one, r, 1e-12, m + " chunk " + chunk);
        }
        assertTrue(one.traceGgn() > 0);
    }

    /**
     * Accumulates {@code Tr(G_{s,s'})} contributions: {@code ⟨∂g/∂w_s, ∂g/∂w_s'⟩} for rows s, s' of the weight gradient
     * ({@code [O, F]}).
     */
    private static void addBlockTraces(Map<String, double[][][]> acc, String w, Tensor grad) {
        int o = grad.dim(0), f = grad.size() / o;
        double[][][] t = acc.computeIfAbsent(w, key -> new double[1][o][o]);
        double[] d = grad.data();
        for (int s = 0; s < o; s++) {
            for (int s2 = 0; s2 < o; s2++) {
                double dot = 0;
                for (int j = 0; j < f; j++) dot += d[s * f + j] * d[s2 * f + j];
                t[0][s][s2] += dot;
            }
        }
    }

    /** {@code Σ_{s,s'} ⟨w_s, w_s'⟩ Tr(G_{s,s'})} (THEORY.md §2, Petzka et al.), with the block traces summed over samples. */
    private static double petzkaSum(Tensor weight, double[][][] traces) {
        int o = weight.dim(0), f = weight.size() / o;
        double[] w = weight.data();
        double sum = 0;
        for (int s = 0; s < o; s++) {
            for (int s2 = 0; s2 < o; s2++) {
                double dot = 0;
                for (int j = 0; j < f; j++) dot += w[s * f + j] * w[s2 * f + j];
                sum += dot * traces[0][s][s2];
            }
        }
        return sum;
    }
}
