package org.flatlens.analysis.compression;

import java.util.random.RandomGenerator;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;

/**
 * The paper's Gaussian-ball estimates at the input site (THEORY.md §4): for each sample, the covariance C
 * ({@code k × k}, divisor {@code m − 1}) of {@code g(x + εξ_j) = R_i f(x + εξ_j)} over m draws {@code ξ_j ~ N(0, I)},
 * with {@code R_i} held at its value at x. Then {@code local_dim_mc = (Tr C)² / Tr(C²)} (0 when C = 0) and
 * {@code mls_mc = ||C||_F / ε²}. As {@code ε → 0} and {@code m → ∞}, {@code C / ε² → J Jᵀ}, so they tend to
 * {@code local_dim} and {@code ||J Jᵀ||_F}.
 *
 * <p>Only the network input is perturbed (a Gaussian ball around an inner representation would need a forward pass
 * from the middle of the network, which the models do not offer). Draws are taken from {@code rng} in sample order,
 * then draw order, then input order, so results do not depend on how samples are chunked.
 */
final class MonteCarloDimension {
    /** Perturbed inputs per forward pass (several samples share one when m is small). */
    static final int ROWS_PER_FORWARD = 1024;

    private MonteCarloDimension() {}

    /**
     * @param x       a chunk of inputs {@code [n, C, H, W]}, not modified
     * @param factors {@code R_i} for each sample
     * @return {@code [2][n]}: local_dim_mc and mls_mc per sample
     */
    static double[][] estimate(Model model, Parameters params, Tensor x, double[][][] factors, MonteCarloOptions opt,
            RandomGenerator rng) {
        int n = x.dim(0), d = x.size() / n, m = opt.draws();
        int perBatch = Math.max(1, ROWS_PER_FORWARD / m);
        double[][] out = new double[2][n];
        for (int lo = 0; lo < n; lo += perBatch) {
            int hi = Math.min(n, lo + perBatch);
            double[] batch = new double[(hi - lo) * m * d];
            for (int i = lo; i < hi; i++) {
                for (int j = 0; j < m; j++) {
                    int row = ((i - lo) * m + j) * d;
                    for (int t = 0; t < d; t++) batch[row + t] = x.data()[i * d + t] + opt.epsilon() * rng.nextGaussian();
                }
            }
            Tensor f = model.predict(params, new Tensor(x.shape().with(0, (hi - lo) * m), batch));
            for (int i = lo; i < hi; i++) summarise(f, (i - lo) * m, m, factors[i], opt.epsilon(), out, i);
        }
        return out;
    }

    /** local_dim_mc and mls_mc of sample i from its m output rows starting at {@code first}. */
    private static void summarise(Tensor f, int first, int m, double[][] r, double eps, double[][] out, int i) {
        double[][] cov = covariance(effective(f, first, m, r));
        double tr = 0, tr2 = 0;
        for (int a = 0; a < cov.length; a++) {
            tr += cov[a][a];
            for (int b = 0; b < cov.length; b++) tr2 += cov[a][b] * cov[b][a];
        }
        out[0][i] = tr2 == 0 ? 0 : tr * tr / tr2;
        out[1][i] = Math.sqrt(tr2) / (eps * eps);
    }

    /** Rows {@code g_j = R f_j} for the m rows of f from {@code first}, {@code [m][k]}. */
    private static double[][] effective(Tensor f, int first, int m, double[][] r) {
        int k = f.dim(1);
        double[][] g = new double[m][k];
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int t = 0; t < k; t++) s += r[c][t] * f.data()[(first + j) * k + t];
                g[j][c] = s;
            }
        }
        return g;
    }

    /** The sample covariance with divisor {@code m − 1}, centred at the sample mean. */
    static double[][] covariance(double[][] g) {
        int m = g.length, k = g[0].length;
        double[] mean = new double[k];
        for (double[] row : g) for (int c = 0; c < k; c++) mean[c] += row[c] / m;
        double[][] cov = new double[k][k];
        for (double[] row : g) {
            for (int a = 0; a < k; a++) {
                double da = row[a] - mean[a];
                for (int b = 0; b < k; b++) cov[a][b] += da * (row[b] - mean[b]) / (m - 1);
            }
        }
        return cov;
    }
}
