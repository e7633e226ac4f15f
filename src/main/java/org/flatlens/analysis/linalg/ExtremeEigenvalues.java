package org.flatlens.analysis.linalg;

import org.flatlens.tensor.kernels.TriangleKernels;

/**
 * The smallest and largest eigenvalues of a dense symmetric matrix, without eigenvectors: Householder reduction to
 * tridiagonal form (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed., Alg. 8.3.1, about {@code 4n³/3} flops)
 * followed by Sturm-sequence bisection (ibid. §8.4.1, as LAPACK's {@code dstebz}).
 *
 * <p>Accuracy: the reduction is backward stable, so each eigenvalue has an absolute error of a small multiple of
 * {@code ε ||A||}; bisection runs until the bracket cannot be halved further or is narrower than {@code ε ||T||_∞}.
 * A clustered or repeated spectrum costs nothing extra. It is many times cheaper than a full Jacobi decomposition
 * (the tests' {@code SymmetricEigen}) for the matrices it serves here: {@code W Wᵀ} of a 500-wide
 * layer and the {@code k × k} relative Gram matrices of every sample. Only the upper triangle is read;
 * non-finite entries throw {@link IllegalArgumentException}.
 */
public final class ExtremeEigenvalues {
    private static final double EPS = Math.ulp(1.0);
    private static final int MAX_BISECTIONS = 2200;

    private ExtremeEigenvalues() {}

    /** λ_min of the symmetric {@code a} ({@code n × n} row-major in {@code a[0..n²)}, not modified). */
    public static double smallest(double[] a, int n) {
        return tridiagonal(a, n).eigenvalue(0);
    }

    /** λ_max of the symmetric {@code a} ({@code n × n} row-major, not modified). */
    public static double largest(double[] a, int n) {
        return tridiagonal(a, n).eigenvalue(n - 1);
    }

    /** A symmetric tridiagonal matrix: diagonal {@code d[0..n)}, off-diagonal {@code e[0..n-1)}. */
    record Tridiagonal(double[] d, double[] e) {
        /** The j-th smallest eigenvalue (0-based), by bisection on the Sturm count. */
        double eigenvalue(int j) {
            int n = d.length;
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, norm = 0;
            for (int i = 0; i < n; i++) {
                double r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0);
                lo = Math.min(lo, d[i] - r);
                hi = Math.max(hi, d[i] + r);
                norm = Math.max(norm, Math.abs(d[i]) + r);
            }
            if (norm == 0) return 0;
            double atol = EPS * norm;
            lo -= atol;
            hi += atol;
            for (int it = 0; it < MAX_BISECTIONS; it++) {
                double mid = 0.5 * (lo + hi);
                if (mid == lo || mid == hi || hi - lo <= Math.max(atol, 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)))) {
                    break;
                }
                if (countBelow(mid, norm) > j) hi = mid;
                else lo = mid;
            }
            return 0.5 * (lo + hi);
        }

        /** The number of eigenvalues below x: the negative pivots of {@code T − xI = LDLᵀ}. */
        int countBelow(double x, double norm) {
            // A zero pivot is replaced by a tiny one of the same scale, as dstebz does; it perturbs T by O(ε||T||).
            double tiny = Double.MIN_NORMAL * Math.max(1, norm);
            int count = 0;
            double q = d[0] - x;
            for (int i = 0; ; i++) {
                if (q == 0) q = -tiny;
                if (q < 0) count++;
                if (i == d.length - 1) return count;
                q = d[i + 1] - x - e[i] * e[i] / q;
            }
        }
    }

    /**
     * Householder reduction {@code Qᵀ A Q = T}, on the lower triangle only (row i holds columns {@code 0..i}): half the
     * memory traffic and half the rank-2 update of a full-matrix reduction, the rest on vector lanes.
     */
    static Tridiagonal tridiagonal(double[] a, int n) {
        if (n < 1 || a.length < n * n) throw new IllegalArgumentException("need an n×n matrix with n ≥ 1, got n = " + n
                + " and " + a.length + " entries");
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                double v = a[j * n + i];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("matrix entry (" + j + ", " + i + ") is " + v);
                }
                m[i][j] = v;
            }
        }
        double[] d = new double[n], e = new double[Math.max(n - 1, 0)];
        double[] v = new double[n], p = new double[n];
        for (int k = 0; k < n - 2; k++) {
            double beta = householder(m, k, v);
            if (beta != 0) reflect(m, k, v, p, beta);
            e[k] = m[k + 1][k];
        }
        for (int i = 0; i < n; i++) d[i] = m[i][i];
        if (n >= 2) e[n - 2] = m[n - 1][n - 2];
        return new Tridiagonal(d, e);
    }

    /**
     * The reflector {@code I − β v vᵀ} mapping column k below the diagonal to a multiple of {@code e_{k+1}}; writes v
     * into {@code v[k+1..n)} and the new sub-diagonal entry into {@code m[k+1][k]}; returns β (0: nothing to do).
     */
    private static double householder(double[][] m, int k, double[] v) {
        int n = m.length;
        double scale = 0;
        for (int i = k + 1; i < n; i++) scale = Math.max(scale, Math.abs(m[i][k]));
        if (scale == 0) return 0;
        double sigma = 0;
        for (int i = k + 1; i < n; i++) {
            v[i] = m[i][k] / scale;
            if (i > k + 1) sigma += v[i] * v[i];
        }
        if (sigma == 0) return 0;
        double x0 = v[k + 1], mu = Math.sqrt(x0 * x0 + sigma);
        // v0 = x0 − mu computed without cancellation (Parlett's formula when x0 > 0).
        double v0 = x0 <= 0 ? x0 - mu : -sigma / (x0 + mu);
        double beta = 2 * v0 * v0 / (sigma + v0 * v0);
        for (int i = k + 2; i < n; i++) v[i] /= v0;
        v[k + 1] = 1;
        m[k + 1][k] = scale * mu; // H x = mu e_1
        for (int i = k + 2; i < n; i++) m[i][k] = 0;
        return beta;
    }

    /**
     * {@code A ← H A H} on the trailing block {@code (k+1..n) × (k+1..n)}: {@code p = β A v},
     * {@code w = p − (β pᵀv / 2) v}, {@code A ← A − v wᵀ − w vᵀ}, reading and writing the lower triangle only.
     */
    private static void reflect(double[][] m, int k, double[] v, double[] p, double beta) {
        int n = m.length, from = k + 1;
        java.util.Arrays.fill(p, from, n, 0);
        for (int i = from; i < n; i++) {
            // Row i below the diagonal serves both A[i][j] v[j] (into p[i]) and A[j][i] v[i] (into p[j]).
            double[] row = m[i];
            p[i] += TriangleKernels.dotAndAxpy(row, v, p, from, i, v[i]) + row[i] * v[i];
        }
        double pv = 0;
        for (int i = from; i < n; i++) {
            p[i] *= beta;
            pv += p[i] * v[i];
        }
        double half = 0.5 * beta * pv;
        for (int i = from; i < n; i++) p[i] -= half * v[i];
        for (int i = from; i < n; i++) TriangleKernels.rank2(m[i], v, p, from, i + 1, v[i], p[i]);
    }
}
