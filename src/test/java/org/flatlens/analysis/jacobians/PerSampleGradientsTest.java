package org.flatlens.analysis.jacobians;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flatlens.tensor.kernels.Lanes;
import org.flatlens.nn.LossKind;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.BruteForce;
import org.flatlens.testutil.TestModels.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Per-(sample, output) gradient norms of every parameter against full backward passes, both computation routes. */
class PerSampleGradientsTest {
    static final int N = 3;

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("org.flatlens.analysis.jacobians.JacobianEngineTest#cases")
    void everyParameterGradientNormEqualsBruteForce(Case m, LossKind loss, long seed) {
        Tensor x = m.inputs(N, seed + 30);
        JacobianEngine engine = new JacobianEngine(m.model(), m.params(), loss);
        ChunkJacobians chunk = engine.compute(x);
        List<SampleTerms[]> terms = PerSampleGradients.compute(chunk, m.params());
        int k = m.outputs();
        double worst = 0;
        int checked = 0;
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < m.outputs(); c++) {
                Map<String, Tensor> bf = BruteForce.of(m.model(), m.params(), x.slice(0, i, i + 1), loss, c).params();
                for (int l = 0; l < chunk.sites().size(); l++) {
                    SiteBlock b = chunk.sites().get(l);
                    WeightMatrix w = WeightMatrix.of(m.params().get(b.info().weight()));
                    for (boolean gram : new boolean[] {true, false}) {
                        SampleTerms t = PerSampleGradients.terms(b, i, w, gram);
                        worst = Math.max(worst, relDiff(t.weightSq()[c], BruteForce.sq(bf.get(b.info().weight()))));
                        worst = Math.max(worst, relDiff(t.biasSq()[c], BruteForce.sq(bf.get(b.info().bias()))));
                        worst = Math.max(worst, relDiff(t.relativeGram()[c][c],
                                kappaTerm(m.params().get(b.info().weight()), bf.get(b.info().weight()))));
                        checked += 3;
                    }
                    assertEquals(terms.get(l)[i].weightSq()[c], PerSampleGradients.terms(b, i, w,
                            PerSampleGradients.gramRouteIsCheaper(b.info(), k)).weightSq()[c]);
                }
                for (ParamBlock p : chunk.params()) {
                    worst = Math.max(worst, relDiff(p.gradSq()[i][c], BruteForce.sq(bf.get(p.name()))));
                    checked++;
                }
            }
        }
        assertTrue(worst < 1e-11, m + ": worst relative difference " + worst + " over " + checked + " norms");
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("org.flatlens.analysis.jacobians.JacobianEngineTest#cases")
    void relativeGramEqualsExplicitInnerProducts(Case m, LossKind loss, long seed) {
        Tensor x = m.inputs(2, seed + 40);
        ChunkJacobians chunk = new JacobianEngine(m.model(), m.params(), loss).compute(x);
        int k = m.outputs();
        for (int i = 0; i < 2; i++) {
            List<Map<String, Tensor>> bf = new java.util.ArrayList<>();
            for (int c = 0; c < k; c++) bf.add(BruteForce.of(m.model(), m.params(), x.slice(0, i, i + 1), loss, c).params());
            for (SiteBlock b : chunk.sites()) {
                Tensor w = m.params().get(b.info().weight());
                Tensor[] a = new Tensor[k];
                for (int c = 0; c < k; c++) a[c] = relativeGradient(w, bf.get(c).get(b.info().weight()));
                for (boolean gram : new boolean[] {true, false}) {
                    double[][] rel = PerSampleGradients.terms(b, i, WeightMatrix.of(w), gram).relativeGram();
                    for (int c = 0; c < k; c++) {
                        for (int c2 = 0; c2 < k; c2++) {
                            double want = a[c].dot(a[c2]);
                            double scale = Math.sqrt(a[c].dot(a[c]) * a[c2].dot(a[c2]));
                            assertEquals(want, rel[c][c2], 1e-11 * scale, m + " " + b.info().layer());
                        }
                    }
                }
            }
        }
    }

    /**
     * The column sums equal, bit for bit, the plain top-to-bottom sums at every width around the vector blocks (tails
     * of every length), at an offset, with values of mixed magnitude where the order of additions shows.
     */
    @Test
    void columnSumSquaresHasTheBitsOfTopToBottomSums() {
        Random rng = new Random(7);
        for (int o = 1; o <= 70; o++) {
            for (int l : new int[] {1, 2, 5, 17}) {
                int off = 3;
                double[] delta = new double[off + l * o];
                for (int j = 0; j < delta.length; j++) delta[j] = rng.nextGaussian() * Math.pow(10, rng.nextInt(9) - 4);
                double[] want = new double[o];
                for (int ch = 0; ch < o; ch++) {
                    double a = delta[off + ch];
                    for (int p = 1; p < l; p++) a += delta[off + p * o + ch];
                    want[ch] = a;
                }
                double[] col = new double[o];
                double got = PerSampleGradients.columnSumSquares(delta, off, l, o, col);
                for (int ch = 0; ch < o; ch++) assertEquals(want[ch], col[ch], 0.0, "o " + o + " l " + l + " ch " + ch);
                assertEquals(Lanes.sumSquares(want, 0, o), got, 0.0);
            }
        }
    }

    /** {@code W_matᵀ G} for weight W and gradient G of the same shape {@code [O, ...]}. */
    static Tensor relativeGradient(Tensor w, Tensor g) {
        int o = w.dim(0), f = w.size() / o;
        return w.reshape(o, f).matmul(g.reshape(o, f), true, false);
    }

    static double kappaTerm(Tensor w, Tensor g) {
        return BruteForce.sq(relativeGradient(w, g));
    }

    static double relDiff(double a, double b) {
        double s = Math.max(Math.abs(a), Math.abs(b));
        return s == 0 ? 0 : Math.abs(a - b) / s;
    }
}
