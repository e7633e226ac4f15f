package org.flatlens.analysis.linalg;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.flatlens.tensor.kernels.Lanes;

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by the implicit QL method with Wilkinson-type shifts
 * (the EISPACK routine {@code tql2}; Bowdler, Martin, Reinsch &amp; Wilkinson, Numer. Math. 11, 1968; Golub &amp; Van
 * Loan, §8.3), for the Ritz pairs of {@link Lanczos} and the quadrature nodes and weights of
 * {@link StochasticLanczosQuadrature}.
 *
 * <p>Why not cyclic Jacobi (the tests' dense oracle): it treats the tridiagonal as a dense matrix and costs about
 * {@code 2n³} flops per sweep over 6–10 sweeps; QL works on the two diagonals and only the accumulated rotations
 * cost {@code O(n³)} in all (about {@code 3n³}). For the 128-step Lanczos runs of a convolution's operator norm the
 * Jacobi sweeps were most of that norm's cost. Accuracy: every eigenvalue to within a small multiple of
 * {@code ε ||T||} and orthonormal vectors to working precision, which is what a Ritz pair needs (its quality is
 * judged by its true residual) and what a spectral density's nodes need; unlike Jacobi it does not promise high
 * relative accuracy for eigenvalues far below {@code ||T||}.
 */
public final class TridiagonalEigen {
    private static final double EPS = Math.ulp(1.0);
    /** QL iterations allowed per eigenvalue; two or three are typical. */
    private static final int MAX_ITERATIONS = 60;

    private TridiagonalEigen() {}

    /**
     * @param alpha the diagonal ({@code n ≥ 1}), finite
     * @param beta  the off-diagonal ({@code n − 1}), finite
     * @return eigenvalues in descending order and their unit eigenvectors ({@code vectors[i]}, orthonormal)
     * @throws IllegalArgumentException on mismatched lengths or non-finite entries
     * @throws ArithmeticException      if an eigenvalue takes more than {@value #MAX_ITERATIONS} iterations
     */
    public static EigenDecomposition decompose(double[] alpha, double[] beta) {
        int n = alpha.length;
        if (n == 0 || beta.length != n - 1) {
            throw new IllegalArgumentException("tridiagonal needs n ≥ 1 diagonal entries and n − 1 off-diagonal ones, got "
                    + n + " and " + beta.length);
        }
        for (double v : alpha) if (!Double.isFinite(v)) throw new IllegalArgumentException("diagonal entry " + v);
        for (double v : beta) if (!Double.isFinite(v)) throw new IllegalArgumentException("off-diagonal entry " + v);
        double[] d = alpha.clone(), e = Arrays.copyOf(beta, n);
        // z[i] is the i-th eigenvector as a row (the columns of the accumulated rotations), so a rotation of two
        // columns updates two contiguous rows.
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) z[i][i] = 1;
        ql(d, e, z);
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> d[i]).reversed());
        double[] values = new double[n];
        double[][] vectors = new double[n][];
        for (int k = 0; k < n; k++) {
            values[k] = d[order[k]];
            vectors[k] = z[order[k]];
        }
        return new EigenDecomposition(values, vectors);
    }

    /** {@code tql2}: on return d holds the eigenvalues and row i of z the eigenvector of d[i]; e is destroyed. */
    private static void ql(double[] d, double[] e, double[][] z) {
        int n = d.length;
        double f = 0, norm = 0;
        for (int l = 0; l < n; l++) {
            norm = Math.max(norm, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > EPS * norm) m++;
            int iterations = 0;
            while (m > l) {
                if (++iterations > MAX_ITERATIONS) {
                    throw new ArithmeticException("tridiagonal QL did not converge for eigenvalue " + l);
                }
                // Shift from the leading 2×2 block, applied implicitly through the chase from m up to l.
                double g = d[l];
                double p = (d[l + 1] - g) / (2 * e[l]);
                double r = Math.copySign(Math.hypot(p, 1), p);
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                double dl1 = d[l + 1], h = g - d[l];
                for (int i = l + 2; i < n; i++) d[i] -= h;
                f += h;
                p = d[m];
                double c = 1, c2 = 1, c3 = 1, el1 = e[l + 1], s = 0, s2 = 0;
                for (int i = m - 1; i >= l; i--) {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = Math.hypot(p, e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    Lanes.rotate(z[i], z[i + 1], c, s);
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1;
                e[l] = s * p;
                d[l] = c * p;
                if (Math.abs(e[l]) <= EPS * norm) break;
            }
            d[l] += f;
            e[l] = 0;
        }
    }
}
