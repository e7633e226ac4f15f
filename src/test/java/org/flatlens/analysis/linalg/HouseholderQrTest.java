package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.flatlens.tensor.kernels.Lanes;
import org.junit.jupiter.api.Test;

/** {@link HouseholderQr}: {@code Rᵀ R} is the Gram matrix of the rows, for tall, square and wide shapes. */
class HouseholderQrTest {
    @Test
    void rTransposeRIsTheGramMatrixForEveryShape() {
        SplittableRandom rng = new SplittableRandom(31);
        for (int[] kd : new int[][] {{1, 5}, {3, 3}, {4, 9}, {17, 64}, {9, 4}, {30, 7}}) {
            int k = kd[0], d = kd[1], r = Math.min(k, d);
            double[][] a = new double[k][d], copy = new double[k][];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < d; j++) a[i][j] = rng.nextGaussian() * (i == 1 ? 1e-7 : 1);
                copy[i] = a[i].clone();
            }
            HouseholderQr.reduce(a);
            double[] rm = new double[r * k];
            HouseholderQr.copyR(a, rm);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double want = 0, got = 0;
                    for (int p = 0; p < d; p++) want += copy[i][p] * copy[j][p];
                    for (int p = 0; p < r; p++) got += rm[p * k + i] * rm[p * k + j];
                    double scale = Math.sqrt(Lanes.sumSquares(copy[i], 0, d) * Lanes.sumSquares(copy[j], 0, d));
                    assertEquals(want, got, 1e-14 * scale * d, k + "×" + d + " at " + i + "," + j);
                }
                for (int p = i + 1; p < r; p++) assertEquals(0.0, rm[p * k + i], k + "×" + d + ": below the diagonal");
            }
        }
    }

    /** The spectrum path's k × k triangle is the reduced rows' R (the code it used to hold, moved here). */
    @Test
    void triangleEqualsCopyROfTheReducedRows() {
        SplittableRandom rng = new SplittableRandom(32);
        double[][] a = new double[6][11], b = new double[6][];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 11; j++) a[i][j] = rng.nextGaussian();
            b[i] = a[i].clone();
        }
        double[][] t = HouseholderQr.triangle(a);
        HouseholderQr.reduce(b);
        double[] rm = new double[36];
        HouseholderQr.copyR(b, rm);
        for (int i = 0; i < 6; i++) for (int c = 0; c < 6; c++) assertEquals(rm[i * 6 + c], t[i][c]);
    }
}
