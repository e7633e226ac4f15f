package org.flatlens.analysis.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.flatlens.analysis.linalg.SmallSvd;
import org.flatlens.analysis.linalg.SymmetricEigen;
import org.flatlens.nn.LossKind;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.BruteForce;
import org.flatlens.testutil.TestModels;
import org.flatlens.testutil.TestModels.Case;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every σ-based measure against a dense one-sided Jacobi SVD of the Jacobian assembled from k brute-force backward
 * passes per sample, and the weight-based ones against brute-force weight gradients.
 */
class CompressionMeasuresTest {
    static final int N = 4;

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            for (Case c : TestModels.all(seed)) {
                for (LossKind loss : LossKind.values()) {
                    for (int q : new int[] {0, 1, 3}) a.add(Arguments.of(c, loss, seed, q));
                }
            }
        }
        return a.stream();
    }

    /** Per-sample brute-force values of one site. */
    record Truth(double[] mls, double[] logVol, double[] localDim, double[] energy, double[] relMls, double[] norm,
            double[] gradSq, double[] kappa) {}

    @ParameterizedTest(name = "{0} {1} seed {2} q {3}")
    @MethodSource("cases")
    void measuresEqualDenseSvdOfTheAssembledJacobian(Case m, LossKind loss, long seed, int q) {
        Tensor x = m.inputs(N, seed + 200);
        CompressionReport r = CompressionAnalysis.run(m.model(), m.params(), x, loss,
                CompressionOptions.defaults().withChunkSize(3).withVolumeRank(q), new SplittableRandom(seed));
        int k = m.outputs(), rankR = loss == LossKind.MSE ? k : k - 1;
        List<List<BruteForce.Grads>> bf = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            List<BruteForce.Grads> perOutput = new ArrayList<>();
            for (int c = 0; c < k; c++) perOutput.add(BruteForce.of(m.model(), m.params(), x.slice(0, i, i + 1), loss, c));
            bf.add(perOutput);
        }
        for (int l = 0; l < r.sites().size(); l++) {
            SiteMeasures s = r.sites().get(l);
            int d = s.inputSize(), rank = Math.min(rankR, d), qq = q == 0 ? rank : Math.min(q, rank);
            assertEquals(rank, s.rank());
            assertEquals(qq, s.volumeRank());
            Truth t = truth(m, s, bf, l, qq);
            String where = m + " " + s.name();
            check(t.mls(), s.mls(), where + " mls");
            check(t.logVol(), s.logVolume(), where + " log_volume");
            check(t.localDim(), s.localDim(), where + " local_dim");
            check(t.energy(), s.jacobianEnergy(), where + " jacobian_energy");
            check(t.relMls(), s.relMls(), where + " rel_mls");
            assertEquals(mean(t.gradSq()), s.bounds().traceGgnLayer(), 1e-11 * mean(t.gradSq()), where + " S_l");
            assertEquals(mean(t.kappa()), s.bounds().relativeFlatness(), 1e-11 * mean(t.kappa()), where + " kappa");
            assertEquals(mean(t.norm()), s.norm().am(), 1e-12 * mean(t.norm()), where + " norm");
            if (!s.weightShared()) assertNull(s.rho());
        }
    }

    private static Truth truth(Case m, SiteMeasures s, List<List<BruteForce.Grads>> bf, int l, int q) {
        int k = m.outputs();
        double[][] v = new double[8][N];
        Tensor w = m.params().get(s.weight());
        int o = w.dim(0), f = w.size() / o;
        for (int i = 0; i < N; i++) {
            double[][] j = new double[k][];
            Tensor[] a = new Tensor[k];
            double grad = 0;
            for (int c = 0; c < k; c++) {
                j[c] = bf.get(i).get(c).jacobian().get(l).data().clone();
                Tensor g = bf.get(i).get(c).params().get(s.weight());
                grad += BruteForce.sq(g);
                a[c] = w.reshape(o, f).matmul(g.reshape(o, f), true, false);
            }
            double[] sigma = SmallSvd.jacobiSingularValues(j);
            double thr = sigma[0] * Math.max(k, s.inputSize()) * Math.ulp(1.0);
            double logVol = 0, s2 = 0, s4 = 0, energy = 0;
            for (int t = 0; t < q; t++) logVol += sigma[t] > thr ? Math.log(sigma[t]) : Double.NEGATIVE_INFINITY;
            for (double sv : sigma) {
                s2 += sv * sv;
                s4 += sv * sv * sv * sv;
            }
            for (double[] row : j) for (double e : row) energy += e * e;
            double[][] gram = new double[k][k];
            double kappa = 0;
            for (int c = 0; c < k; c++) {
                for (int c2 = 0; c2 < k; c2++) gram[c][c2] = a[c].dot(a[c2]);
                kappa += gram[c][c];
            }
            v[0][i] = sigma[0];
            v[1][i] = logVol;
            v[2][i] = s2 * s2 / s4;
            v[3][i] = energy;
            v[4][i] = Math.sqrt(SymmetricEigen.eigenvalues(gram)[0]);
            v[5][i] = Math.sqrt(BruteForce.sq(bf.get(i).get(0).h().get(l)));
            v[6][i] = grad;
            v[7][i] = kappa;
        }
        return new Truth(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    /** am, gm (of positive values) and stderr against direct formulas. */
    private static void check(double[] values, Aggregate a, String what) {
        double am = mean(values), sd = 0, logs = 0;
        for (double x : values) {
            sd += (x - am) * (x - am);
            logs += Math.log(x);
        }
        double tol = 1e-11 * Math.max(1, Math.abs(am));
        assertEquals(N, a.n(), what);
        assertEquals(am, a.am(), tol, what + " am");
        if (Double.isFinite(am)) assertEquals(Math.sqrt(sd / (N - 1)) / Math.sqrt(N), a.stderr(), tol, what + " stderr");
        if (!what.endsWith("log_volume") && Double.isFinite(am)) {
            assertEquals(Math.exp(logs / N), a.gm(), tol, what + " gm");
        }
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }
}
