package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SmallestSingularValue#smallestOfBidiagonal} takes two bisection steps per pass over the matrix; it must take
 * exactly the steps of plain one-step bisection (below, as it was written before), so the result has the same bits.
 */
class BidiagonalBisectionTest {
    private static final double EPS = Math.ulp(1.0);

    @Test
    void sameBitsAsOneStepBisection() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rng.nextInt(60);
            double[] d = new double[n], e = new double[Math.max(0, n - 1)];
            int kind = trial % 4;
            for (int i = 0; i < n; i++) d[i] = entry(rng, kind, i);
            for (int i = 0; i < e.length; i++) e[i] = entry(rng, kind, i);
            if (kind == 3 && n > 1) d[rng.nextInt(n)] = 0; // exactly singular: runs down to the floor
            double expected = oneStepBisection(d, e), actual = SmallestSingularValue.smallestOfBidiagonal(d, e);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                    "trial " + trial + ": " + expected + " vs " + actual);
        }
    }

    /** Gaussian, graded over 30 orders of magnitude, tiny (near underflow), or Gaussian with a zero. */
    private static double entry(SplittableRandom rng, int kind, int i) {
        double g = rng.nextGaussian();
        return switch (kind) {
            case 1 -> g * Math.pow(10, -30.0 * rng.nextDouble());
            case 2 -> g * 1e-300;
            default -> g;
        };
    }

    private static double oneStepBisection(double[] d, double[] e) {
        int n = d.length;
        double[] sq = new double[2 * n - 1];
        double total = 0, largest = 0;
        for (int i = 0; i < sq.length; i++) {
            double v = i % 2 == 0 ? d[i / 2] : e[i / 2];
            sq[i] = v * v;
            total += sq[i];
            largest = Math.max(largest, sq[i]);
        }
        if (total == 0) return 0;
        double pivmin = Double.MIN_NORMAL * Math.max(1, largest);
        double lo = 0, hi = Math.sqrt(total);
        double floor = 0x1p-100 * hi;
        for (int it = 0; it < 2200 && hi - lo > 2 * EPS * hi && hi > floor; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            double q = -mid;
            int count = q < 0 ? 1 : 0;
            for (double s : sq) {
                q = -mid - s / q;
                if (Math.abs(q) < pivmin) q = -pivmin;
                if (q < 0) count++;
            }
            if (count > n) hi = mid;
            else lo = mid;
        }
        return 0.5 * (lo + hi);
    }
}
