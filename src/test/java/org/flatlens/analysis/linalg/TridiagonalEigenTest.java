package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tridiagonal QL against Jacobi on the same matrices, and the eigen-equations directly. */
class TridiagonalEigenTest {
    private static final double TOL = 1e-13;

    /** Values as Jacobi's, eigen-residuals and orthonormality, all relative to {@code ||T||}. */
    static void check(double[] alpha, double[] beta) {
        int n = alpha.length;
        EigenDecomposition d = TridiagonalEigen.decompose(alpha, beta);
        double[][] t = TestMatrices.tridiagonal(alpha, beta);
        double[] jacobi = SymmetricEigen.eigenvalues(t);
        double scale = Math.max(Math.abs(jacobi[0]), Math.abs(jacobi[n - 1]));
        if (scale == 0) scale = Double.MIN_NORMAL;
        for (int i = 0; i < n; i++) {
            assertEquals(jacobi[i], d.values()[i], TOL * scale, "eigenvalue " + i + " of " + n);
            if (i > 0) assertEquals(true, d.values()[i] <= d.values()[i - 1], "descending");
            double[] v = d.vectors()[i];
            for (int r = 0; r < n; r++) {
                assertEquals(d.values()[i] * v[r], TestMatrices.dot(t[r], v), TOL * scale, "residual " + i);
            }
            for (int j = 0; j <= i; j++) {
                assertEquals(i == j ? 1.0 : 0.0, TestMatrices.dot(v, d.vectors()[j]), TOL, "orthonormality");
            }
        }
    }

    @Test
    void agreesWithJacobiOnRandomTridiagonals() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(60);
            double[] alpha = new double[n], beta = new double[n - 1];
            for (int i = 0; i < n; i++) alpha[i] = rng.nextGaussian();
            for (int i = 0; i < n - 1; i++) beta[i] = rng.nextDouble() < 0.1 ? 0 : rng.nextGaussian();
            check(alpha, beta);
        }
    }

    /** Wilkinson's W⁺₂₁: pairs of eigenvalues agreeing to 14 digits, the hard case for eigenvectors. */
    @Test
    void handlesTheWilkinsonMatrixClusters() {
        int n = 21;
        double[] alpha = new double[n], beta = new double[n - 1];
        for (int i = 0; i < n; i++) alpha[i] = Math.abs(10 - i);
        java.util.Arrays.fill(beta, 1.0);
        check(alpha, beta);
    }

    /** Lanczos-like input: a converged, nearly decoupled tail (tiny β) and huge or tiny scales. */
    @Test
    void isScaleFreeAndHandlesTinyCouplings() {
        SplittableRandom rng = new SplittableRandom(3);
        for (double scale : new double[] {1e-150, 1e-8, 1, 1e8, 1e150}) {
            int n = 40;
            double[] alpha = new double[n], beta = new double[n - 1];
            for (int i = 0; i < n; i++) alpha[i] = scale * (1 + rng.nextDouble());
            for (int i = 0; i < n - 1; i++) beta[i] = scale * (i > 30 ? 1e-17 : rng.nextDouble());
            check(alpha, beta);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> TridiagonalEigen.decompose(new double[2], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> TridiagonalEigen.decompose(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class,
                () -> TridiagonalEigen.decompose(new double[] {1, Double.NaN}, new double[] {0}));
    }
}
