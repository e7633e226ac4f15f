package org.flatlens.analysis.linalg;

import java.util.Arrays;
import org.flatlens.tensor.kernels.Lanes;

/**
 * The smallest singular value of a wide matrix given by its rows, for ρ(P) of THEORY.md §5, at a fraction of the cost
 * of all singular values: Householder QR ({@link HouseholderQr}) reduces the {@code l × f} matrix to an
 * {@code l × l} triangle, Householder reflections from both sides reduce that to an upper bidiagonal B (Golub &amp;
 * Kahan 1965; {@code 8/3 l³} flops against the repeated {@code 3 l³}-flop sweeps of Jacobi), and bisection with Sturm
 * counts on B's Golub–Kahan tridiagonal form finds B's smallest singular value to full relative accuracy (Demmel &amp;
 * Kahan 1990), so the result carries only the reductions' backward error {@code ε ||P||}, as the Jacobi route did.
 * Through the Gram matrix {@code P Pᵀ} it would carry {@code ε ||P||²}, which is what made ρ inaccurate for nearly
 * collinear tokens.
 */
public final class SmallestSingularValue {
    private static final double EPS = Math.ulp(1.0);
    private static final int MAX_BISECTIONS = 2200;

    private SmallestSingularValue() {}

    /**
     * @param rows {@code l} rows of equal length {@code f ≥ l}, finite; overwritten (workspace)
     * @return {@code σ_l}, the smallest of the l singular values
     */
    public static double of(double[][] rows) {
        double[][] a = HouseholderQr.triangle(rows);
        int n = a.length;
        double[] d = new double[n], e = new double[Math.max(0, n - 1)];
        bidiagonalize(a, d, e);
        return smallestOfBidiagonal(d, e);
    }

    /**
     * Reduces the square matrix {@code a} (rows) to upper bidiagonal form by reflections from the left (zeroing column
     * c below the diagonal) and the right (zeroing row c beyond the superdiagonal), applied row by row so every update
     * runs over contiguous memory. Writes the diagonal to d and the superdiagonal to e; a is destroyed.
     */
    static void bidiagonalize(double[][] a, double[] d, double[] e) {
        int n = a.length;
        double[] u = new double[n], w = new double[n], v = new double[n];
        for (int c = 0; c < n; c++) {
            for (int i = c; i < n; i++) u[i] = a[i][c];
            d[c] = reflect(u, c, n);
            double uu = Lanes.sumSquares(u, c, n - c);
            if (c + 1 >= n) break;
            // Left: w = uᵀ A[c.., c+1..], then A[c.., c+1..] −= (2/uu) u wᵀ. Row c first, as it gives the right
            // reflection's vector v; each further row then takes its left update and right reflection in one go.
            double left = 2 / uu;
            if (uu > 0) {
                Arrays.fill(w, c + 1, n, 0.0);
                accumulate(a, u, w, c, n);
                Lanes.subtractScaled(left * u[c], w, a[c], c + 1, n);
            }
            System.arraycopy(a[c], c + 1, v, c + 1, n - c - 1);
            e[c] = reflect(v, c + 1, n);
            double vv = Lanes.sumSquares(v, c + 1, n - c - 1);
            updateRows(a, uu > 0, left, u, w, vv > 0, 2 / vv, v, c + 1, n);
        }
    }

    /**
     * {@code w[c+1..n) += Σ_{i ≥ c} u[i] a_i[c+1..n)}, summed over i in order (four rows per pass over w, each element
     * rounded as by one {@link Lanes#subtractScaled} per row).
     */
    private static void accumulate(double[][] a, double[] u, double[] w, int c, int n) {
        int i = c;
        for (; i + 4 <= n; i += 4) {
            Lanes.subtractScaledSum4(-u[i], -u[i + 1], -u[i + 2], -u[i + 3], a[i], a[i + 1], a[i + 2], a[i + 3], w,
                    c + 1, n);
        }
        for (; i < n; i++) Lanes.subtractScaled(-u[i], a[i], w, c + 1, n);
    }

    /**
     * For rows {@code i ≥ from}: the left update {@code a_i[from..n) −= (left u[i]) w} if {@code isLeft}, then the
     * right reflection {@code a_i[from..n) −= (right ⟨a_i, v⟩) v} if {@code isRight}, four rows at a time and, with
     * both, the update and the dot in one pass.
     */
    private static void updateRows(double[][] a, boolean isLeft, double left, double[] u, double[] w, boolean isRight,
            double right, double[] v, int from, int n) {
        double[] dots = new double[4], pair = new double[2];
        int i = from;
        for (; i + 4 <= n; i += 4) {
            double[] a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
            double l0 = left * u[i], l1 = left * u[i + 1], l2 = left * u[i + 2], l3 = left * u[i + 3];
            if (isLeft && isRight) {
                Lanes.subtractScaledDot2(l0, l1, w, v, a0, a1, from, n, dots);
                Lanes.subtractScaledDot2(l2, l3, w, v, a2, a3, from, n, pair);
                dots[2] = pair[0];
                dots[3] = pair[1];
            } else if (isLeft) {
                Lanes.subtractScaled4(l0, l1, l2, l3, w, a0, a1, a2, a3, from, n);
            } else if (isRight) {
                Lanes.dot4(v, a0, a1, a2, a3, from, n, dots);
            }
            if (isRight) {
                Lanes.subtractScaled4(right * dots[0], right * dots[1], right * dots[2], right * dots[3], v, a0, a1,
                        a2, a3, from, n);
            }
        }
        for (; i < n; i++) {
            if (isLeft) Lanes.subtractScaled(left * u[i], w, a[i], from, n);
            if (isRight) Lanes.subtractScaled(right * Lanes.dot(a[i], v, from, n), v, a[i], from, n);
        }
    }

    /**
     * Turns {@code x[from..to)} into the Householder vector u of the reflection {@code H = I − 2uuᵀ/uᵀu} with
     * {@code Hx = α e_from} and returns α (u = 0 when x = 0: no reflection).
     */
    private static double reflect(double[] x, int from, int to) {
        double norm = HouseholderQr.norm(x, from, to);
        double alpha = x[from] > 0 ? -norm : norm;
        x[from] -= alpha;
        return alpha;
    }

    /**
     * The smallest singular value of the upper bidiagonal matrix with diagonal d and superdiagonal e, by bisection:
     * the Golub–Kahan matrix (zero diagonal, off-diagonal {@code d₀, e₀, d₁, …}) has eigenvalues {@code ±σ_i}, so for
     * {@code x > 0} its Sturm count of eigenvalues below x is {@code n + #{σ_i < x}}.
     */
    static double smallestOfBidiagonal(double[] d, double[] e) {
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
        // Below 2^-100 ||B|| a singular value is far inside the reductions' rounding error: stop there instead of
        // halving towards an exact zero for a thousand steps.
        double floor = 0x1p-100 * hi;
        // Two bisection steps per pass over sq: the count at the midpoint and at both midpoints the next step could
        // take, as three independent recurrences whose divisions overlap. The steps taken are exactly those of
        // one-at-a-time bisection (the next midpoint is computed by the same expression), so is the result.
        for (int it = 0; it < MAX_BISECTIONS && open(lo, hi, floor); it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            double left = 0.5 * (lo + mid), right = 0.5 * (mid + hi);
            long counts = countsBelow(sq, left, mid, right, pivmin);
            int below;
            if (count(counts, 1) > n) {
                hi = mid;
                below = count(counts, 0);
            } else {
                lo = mid;
                below = count(counts, 2);
            }
            if (++it >= MAX_BISECTIONS || !open(lo, hi, floor)) break;
            mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            if (below > n) hi = mid;
            else lo = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** Whether the bracket [lo, hi] is still wider than rounding and above the floor. */
    private static boolean open(double lo, double hi, double floor) {
        return hi - lo > 2 * EPS * hi && hi > floor;
    }

    private static final int COUNT_BITS = 21;

    private static int count(long counts, int which) {
        return (int) (counts >>> (which * COUNT_BITS)) & ((1 << COUNT_BITS) - 1);
    }

    /**
     * Eigenvalues below x, y and z of the symmetric tridiagonal with zero diagonal and squared off-diagonals sq, as
     * three {@value #COUNT_BITS}-bit fields (x lowest).
     */
    private static long countsBelow(double[] sq, double x, double y, double z, double pivmin) {
        if (sq.length + 1 >= 1 << COUNT_BITS) throw new IllegalArgumentException("matrix too large: " + sq.length);
        double qx = -x, qy = -y, qz = -z;
        int cx = qx < 0 ? 1 : 0, cy = qy < 0 ? 1 : 0, cz = qz < 0 ? 1 : 0;
        for (double s : sq) {
            qx = -x - s / qx;
            qy = -y - s / qy;
            qz = -z - s / qz;
            if (Math.abs(qx) < pivmin) qx = -pivmin;
            if (Math.abs(qy) < pivmin) qy = -pivmin;
            if (Math.abs(qz) < pivmin) qz = -pivmin;
            cx += qx < 0 ? 1 : 0;
            cy += qy < 0 ? 1 : 0;
            cz += qz < 0 ? 1 : 0;
        }
        return cx | (long) cy << COUNT_BITS | (long) cz << (2 * COUNT_BITS);
    }
}
