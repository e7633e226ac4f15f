package org.flatlens.analysis.linalg;

import java.util.SplittableRandom;

/** Explicit symmetric matrices with a chosen spectrum: {@code A = Q diag(λ) Qᵀ} with a random orthogonal {@code Q}. */
final class TestMatrices {
    private TestMatrices() {}

    /** A random orthogonal {@code n × n} matrix: Gram–Schmidt (two passes) on the columns of a Gaussian matrix. */
    static double[][] randomOrthogonal(int n, SplittableRandom rng) {
        double[][] cols = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) cols[j][i] = rng.nextGaussian();
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double d = dot(cols[j], cols[k]);
                    for (int i = 0; i < n; i++) cols[j][i] -= d * cols[k][i];
                }
            }
            double norm = Math.sqrt(dot(cols[j], cols[j]));
            for (int i = 0; i < n; i++) cols[j][i] /= norm;
        }
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) q[i][j] = cols[j][i];
        return q;
    }

    /** {@code Q diag(λ) Qᵀ}, computed for {@code i ≤ j} and mirrored, so exactly symmetric. */
    static double[][] withSpectrum(double[] lambda, SplittableRandom rng) {
        int n = lambda.length;
        double[][] q = randomOrthogonal(n, rng);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += q[i][k] * lambda[k] * q[j][k];
                a[i][j] = a[j][i] = s;
            }
        }
        return a;
    }

    static DenseSymmetricOperator operator(double[] lambda, long seed) {
        return new DenseSymmetricOperator(withSpectrum(lambda, new SplittableRandom(seed)));
    }

    /** The values sorted in descending order (a copy). */
    static double[] descending(double[] x) {
        double[] s = x.clone();
        java.util.Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }

    static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }

    static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** The symmetric tridiagonal matrix with diagonal {@code alpha} and off-diagonal {@code beta} (one shorter). */
    static double[][] tridiagonal(double[] alpha, double[] beta) {
        double[][] t = new double[alpha.length][alpha.length];
        for (int i = 0; i < alpha.length; i++) t[i][i] = alpha[i];
        for (int i = 0; i < beta.length; i++) t[i][i + 1] = t[i + 1][i] = beta[i];
        return t;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    /** {@code U diag(σ) Vᵀ} ({@code k × d}) with random orthogonal U and V; σ has {@code min(k, d)} entries. */
    static double[][] withSingularValues(int k, int d, double[] sigma, SplittableRandom rng) {
        double[][] u = randomOrthogonal(k, rng), v = randomOrthogonal(d, rng), m = new double[k][d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int c = 0; c < sigma.length; c++) s += u[i][c] * sigma[c] * v[j][c];
                m[i][j] = s;
            }
        }
        return m;
    }
}
