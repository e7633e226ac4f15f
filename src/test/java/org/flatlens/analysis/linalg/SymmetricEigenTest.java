package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Jacobi eigen-decomposition against chosen spectra, including repeated eigenvalues and extreme scalings. */
class SymmetricEigenTest {

    /** Eigenvalue error, eigen-residual and orthonormality, each relative to {@code ||A||_2 = max |λ|}. */
    static void check(double[][] a, double[] lambda, double relTol) {
        EigenDecomposition d = SymmetricEigen.decompose(a);
        double[] expected = TestMatrices.descending(lambda);
        double scale = TestMatrices.maxAbs(lambda);
        int n = a.length;
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], d.values()[i], relTol * scale, "eigenvalue " + i);
            double[] v = d.vectors()[i];
            for (int r = 0; r < n; r++) {
                double av = TestMatrices.dot(a[r], v);
                assertEquals(d.values()[i] * v[r], av, relTol * scale, "residual of eigenpair " + i);
            }
            for (int j = 0; j <= i; j++) {
                assertEquals(i == j ? 1.0 : 0.0, TestMatrices.dot(v, d.vectors()[j]), relTol, "orthonormality");
            }
        }
    }

    static double[] spread(int n, double lo, double hi, SplittableRandom rng) {
        double[] l = new double[n];
        for (int i = 0; i < n; i++) l[i] = lo + (hi - lo) * rng.nextDouble();
        return l;
    }

    @Test
    void recoversKnownSpectra() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int n : new int[] {1, 2, 7, 60, 150}) {
            double[] lambda = spread(n, -3, 5, rng);
            check(TestMatrices.withSpectrum(lambda, rng), lambda, 1e-13);
        }
    }

    @Test
    void repeatedEigenvalues() {
        double[] lambda = new double[80];
        for (int i = 0; i < 80; i++) lambda[i] = i < 10 ? 5 : i < 30 ? 1 : i < 50 ? 0 : -2;
        check(TestMatrices.withSpectrum(lambda, new SplittableRandom(12)), lambda, 1e-13);
    }

    @Test
    void scaledByTinyAndHugeFactors() {
        SplittableRandom rng = new SplittableRandom(13);
        double[] base = spread(50, -1, 1, rng);
        base[3] = base[4] = base[5] = 0.25;
        for (double factor : new double[] {1e-12, 1e12, 1e-150, 1e150}) {
            double[] lambda = base.clone();
            for (int i = 0; i < lambda.length; i++) lambda[i] *= factor;
            check(TestMatrices.withSpectrum(lambda, new SplittableRandom(14)), lambda, 1e-13);
        }
    }

    @Test
    void specialMatrices() {
        assertArrayEquals(new double[] {1, -1}, SymmetricEigen.eigenvalues(new double[][] {{0, 1}, {1, 0}}), 1e-16);
        assertArrayEquals(new double[] {0, 0, 0}, SymmetricEigen.eigenvalues(new double[3][3]), 0.0);
        assertArrayEquals(new double[] {3, 2, -1}, SymmetricEigen.eigenvalues(
                new double[][] {{-1, 0, 0}, {0, 3, 0}, {0, 0, 2}}), 0.0, "diagonal input is exact");
        // A graded matrix: Jacobi keeps the tiny eigenvalue to high relative accuracy.
        double[][] graded = {{1e20, 1e9, 0}, {1e9, 1e0, 1e-6}, {0, 1e-6, 1e-20}};
        double[] g = SymmetricEigen.eigenvalues(graded);
        assertEquals(1e20, g[0], 1e20 * 1e-15);
        assertTrue(g[1] > 0.98 && g[1] < 1.0, "middle eigenvalue " + g[1]);
    }

    @Test
    void readsOnlyTheUpperTriangle() {
        double[][] upper = {{2, 1}, {Double.NaN, 2}};
        assertArrayEquals(new double[] {3, 1}, SymmetricEigen.eigenvalues(upper), 1e-15);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.decompose(new double[][] {{1, Double.POSITIVE_INFINITY}, {0, 1}}));
    }
}
