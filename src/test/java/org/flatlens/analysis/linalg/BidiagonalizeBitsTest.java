package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flatlens.tensor.kernels.Lanes;
import org.junit.jupiter.api.Test;

/**
 * {@link SmallestSingularValue#bidiagonalize} with its four-row passes gives the bits of the row-by-row reduction it
 * replaced, for every size up to 13 (0 to 3 rows left over at each column) and a few larger ones, with and without
 * zero rows and columns.
 */
class BidiagonalizeBitsTest {
    @Test
    void fourRowPassesHaveTheBitsOfTheRowByRowReduction() {
        SplittableRandom rng = new SplittableRandom(45);
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 31, 64, 100}) {
            for (int trial = 0; trial < 4; trial++) {
                // From the third trial on, some columns and rows are zero: steps without a left or right reflection.
                double[][] a = new double[n][n], ref = new double[n][];
                boolean[] zeroCol = new boolean[n], zeroRow = new boolean[n];
                for (int i = 0; i < n; i++) {
                    zeroCol[i] = trial >= 2 && rng.nextInt(3) == 0;
                    zeroRow[i] = trial >= 2 && rng.nextInt(3) == 0;
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        boolean zero = zeroRow[i] || zeroCol[j];
                        a[i][j] = zero ? 0 : Math.scalb(rng.nextGaussian(), rng.nextInt(-20, 21));
                    }
                    ref[i] = a[i].clone();
                }
                double[] d = new double[n], e = new double[Math.max(0, n - 1)];
                double[] dRef = new double[n], eRef = new double[e.length];
                SmallestSingularValue.bidiagonalize(a, d, e);
                rowByRow(ref, dRef, eRef);
                assertArrayEquals(dRef, d, n + ": diagonal");
                assertArrayEquals(eRef, e, n + ": superdiagonal");
                for (int i = 0; i < n; i++) assertArrayEquals(ref[i], a[i], n + ": row " + i);
            }
        }
    }

    /** The reduction as it was: one {@link Lanes#subtractScaled} (and one dot) per row and pass. */
    private static void rowByRow(double[][] a, double[] d, double[] e) {
        int n = a.length;
        double[] u = new double[n], w = new double[n];
        for (int c = 0; c < n; c++) {
            for (int i = c; i < n; i++) u[i] = a[i][c];
            d[c] = reflect(u, c, n);
            double uu = Lanes.sumSquares(u, c, n - c);
            if (uu > 0) {
                Arrays.fill(w, c + 1, n, 0.0);
                for (int i = c; i < n; i++) Lanes.subtractScaled(-u[i], a[i], w, c + 1, n);
                for (int i = c; i < n; i++) Lanes.subtractScaled(2 / uu * u[i], w, a[i], c + 1, n);
            }
            if (c + 1 >= n) break;
            System.arraycopy(a[c], c + 1, u, c + 1, n - c - 1);
            e[c] = reflect(u, c + 1, n);
            double vv = Lanes.sumSquares(u, c + 1, n - c - 1);
            if (vv > 0) {
                for (int i = c + 1; i < n; i++) {
                    Lanes.subtractScaled(2 / vv * Lanes.dot(a[i], u, c + 1, n), u, a[i], c + 1, n);
                }
            }
        }
    }

    private static double reflect(double[] x, int from, int to) {
        double norm = HouseholderQr.norm(x, from, to);
        double alpha = x[from] > 0 ? -norm : norm;
        x[from] -= alpha;
        return alpha;
    }
}
