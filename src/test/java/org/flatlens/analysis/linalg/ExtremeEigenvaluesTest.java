package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Against the Jacobi eigen-solver, on random, scaled, clustered and degenerate matrices. */
class ExtremeEigenvaluesTest {
    @Test
    void randomSymmetricMatchesJacobi() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 3, 7, 20, 61}) {
            for (double scale : new double[] {1e-12, 1.0, 1e12}) {
                double[] a = new double[n * n];
                for (int i = 0; i < n; i++) for (int j = i; j < n; j++) a[i * n + j] = a[j * n + i] = scale * rng.nextGaussian();
                check(a, n);
            }
        }
    }

    @Test
    void gramMatricesWithRepeatedAndZeroEigenvalues() {
        SplittableRandom rng = new SplittableRandom(6);
        int n = 12, r = 4;
        double[] b = new double[n * r];
        for (int i = 0; i < b.length; i++) b[i] = rng.nextGaussian();
        double[] a = new double[n * n]; // B Bᵀ, rank 4: eight zero eigenvalues
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < r; p++) a[i * n + j] += b[i * r + p] * b[j * r + p];
            }
        }
        check(a, n);
        double[] id = new double[n * n];
        for (int i = 0; i < n; i++) id[i * n + i] = 3.0;
        assertEquals(3.0, ExtremeEigenvalues.smallest(id, n), 1e-15);
        assertEquals(3.0, ExtremeEigenvalues.largest(id, n), 1e-15);
        assertEquals(0.0, ExtremeEigenvalues.largest(new double[n * n], n), 0.0);
    }

    @Test
    void nonFiniteEntriesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ExtremeEigenvalues.largest(new double[] {1, Double.NaN, 0, 1}, 2));
    }

    private static void check(double[] a, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m[i][j] = a[i * n + j];
        double[] ev = SymmetricEigen.eigenvalues(m);
        double norm = Math.max(Math.abs(ev[0]), Math.abs(ev[n - 1]));
        assertEquals(ev[0], ExtremeEigenvalues.largest(a, n), 1e-13 * n * norm);
        assertEquals(ev[n - 1], ExtremeEigenvalues.smallest(a, n), 1e-13 * n * norm);
    }
}
