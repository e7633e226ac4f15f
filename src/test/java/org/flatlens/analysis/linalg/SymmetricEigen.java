package org.flatlens.analysis.linalg;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Eigenvalues and eigenvectors of a small dense symmetric matrix by the cyclic Jacobi method (Golub &amp; Van Loan,
 * <i>Matrix Computations</i>, 4th ed., §8.5), sorted in descending order.
 *
 * <p>Each sweep rotates every off-diagonal pair {@code (p, q)} to zero (Rutishauser's stable form of the rotation).
 * An entry is treated as zero when {@code |a_pq| ≤ (ε/2) √(|a_pp| |a_qq|)} with {@code ε = 2^-52}, which changes the
 * eigenvalues by at most a relative rounding error (Demmel &amp; Veselić 1992), or when it is subnormal. The
 * iteration ends after a sweep without rotations; the test is scale-free, so a matrix scaled by {@code 1e-12} or
 * {@code 1e12} gives the scaled result. Cost {@code O(n³)} per sweep, typically 6–10 sweeps: meant for {@code n} up
 * to a few hundred. A test oracle: production code takes tridiagonals to {@link TridiagonalEigen} and Gram matrices to
 * {@code ExtremeEigenvalues}.
 *
 * <p>Only the upper triangle of the input is read (the lower one is taken to mirror it), as in LAPACK's
 * {@code dsyev} with {@code uplo = 'U'}. Non-finite entries throw {@link IllegalArgumentException}; failing to
 * converge in {@value #MAX_SWEEPS} sweeps throws {@link ArithmeticException}.
 */
public final class SymmetricEigen {
    static final int MAX_SWEEPS = 60;
    private static final double HALF_EPS = Math.ulp(1.0) / 2;

    private SymmetricEigen() {}

    /** Eigenvalues and eigenvectors of the symmetric {@code a} ({@code n × n}, upper triangle read, not modified). */
    public static EigenDecomposition decompose(double[][] a) {
        int n = checkSquare(a);
        double[][] m = new double[n][n];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1.0;
            for (int j = i; j < n; j++) m[i][j] = m[j][i] = a[i][j];
        }
        int sweep = 0;
        while (sweepOnce(m, v)) {
            if (++sweep == MAX_SWEEPS) {
                throw new ArithmeticException("Jacobi eigen-solver did not converge in " + MAX_SWEEPS + " sweeps");
            }
        }
        return sorted(m, v);
    }

    /** The eigenvalues alone, descending. */
    public static double[] eigenvalues(double[][] a) {
        return decompose(a).values();
    }

    /** One cyclic sweep over all pairs; returns whether any rotation was applied. */
    private static boolean sweepOnce(double[][] m, double[][] v) {
        int n = m.length;
        boolean rotated = false;
        for (int p = 0; p < n - 1; p++) {
            for (int q = p + 1; q < n; q++) {
                double apq = m[p][q];
                if (apq == 0) continue;
                double app = m[p][p], aqq = m[q][q];
                if (Math.abs(apq) < Double.MIN_NORMAL
                        || Math.abs(apq) <= HALF_EPS * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq))) {
                    m[p][q] = m[q][p] = 0;
                    continue;
                }
                rotate(m, v, p, q);
                rotated = true;
            }
        }
        return rotated;
    }

    /** The Jacobi rotation {@code J(p, q, θ)} that zeroes {@code m[p][q]}: {@code m ← Jᵀ m J}, {@code v ← v J}. */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        double apq = m[p][q];
        double theta = (m[q][q] - m[p][p]) / (2 * apq);
        // The smaller root of t² + 2θt − 1 = 0, computed without cancellation or overflow.
        double t = Math.copySign(1.0, theta) / (Math.abs(theta) + Math.hypot(theta, 1.0));
        double c = 1.0 / Math.sqrt(t * t + 1), s = t * c, tau = s / (1 + c);
        m[p][p] -= t * apq;
        m[q][q] += t * apq;
        m[p][q] = m[q][p] = 0;
        for (int r = 0; r < m.length; r++) {
            if (r != p && r != q) {
                double arp = m[r][p], arq = m[r][q];
                m[r][p] = m[p][r] = arp - s * (arq + tau * arp);
                m[r][q] = m[q][r] = arq + s * (arp - tau * arq);
            }
            double vrp = v[r][p], vrq = v[r][q];
            v[r][p] = vrp - s * (vrq + tau * vrp);
            v[r][q] = vrq + s * (vrp - tau * vrq);
        }
    }

    private static EigenDecomposition sorted(double[][] m, double[][] v) {
        int n = m.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> m[i][i]).reversed());
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = m[order[k]][order[k]];
            for (int r = 0; r < n; r++) vectors[k][r] = v[r][order[k]];
        }
        return new EigenDecomposition(values, vectors);
    }

    private static int checkSquare(double[][] a) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) throw new IllegalArgumentException("matrix row " + i + " has length " + a[i].length
                    + ", expected " + n + " (square)");
            for (int j = i; j < n; j++) {
                if (!Double.isFinite(a[i][j])) throw new IllegalArgumentException("matrix entry (" + i + ", " + j
                        + ") is " + a[i][j]);
            }
        }
        return n;
    }
}
