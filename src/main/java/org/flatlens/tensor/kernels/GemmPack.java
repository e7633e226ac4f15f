package org.flatlens.tensor.kernels;

import static org.flatlens.tensor.kernels.GemmKernel.L;
import static org.flatlens.tensor.kernels.GemmKernel.MR;
import static org.flatlens.tensor.kernels.GemmKernel.NR;
import static org.flatlens.tensor.kernels.GemmKernel.SPECIES;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Packs blocks of {@code op(A)} and {@code op(B)} into the micro-panel layout of {@link GemmKernel}, undoing any
 * transposition on the way, so the kernel always streams contiguous, zero-padded memory.
 */
final class GemmPack {
    /**
     * Transposing packs go through {@link #transpose8} when vectors have 8 lanes: in-register 8 × 8 transposes take
     * about half the time of one scalar load and store per element, which on a 128-row {@code A·Bᵀ} is a sixth of the
     * product's time.
     */
    private static final boolean TRANSPOSE8 = L == 8;
    /** Stage {@code s} of the transpose swaps lanes {@code l} with bit {@code s} set and {@code l ^ s} between rows. */
    private static final VectorShuffle<Double> DOWN1 = down(1), DOWN2 = down(2), DOWN4 = down(4);
    private static final VectorShuffle<Double> UP1 = up(1), UP2 = up(2), UP4 = up(4);
    private static final VectorMask<Double> HIGH1 = high(1), HIGH2 = high(2), HIGH4 = high(4);

    private GemmPack() {}

    /** A row-major matrix operand: element (row, col) of the stored matrix is {@code data[off + row*ld + col]}. */
    record Operand(double[] data, int off, int ld, boolean trans) {}

    /**
     * Packs rows {@code [i0, i0+mb)} and columns {@code [p0, p0+kb)} of {@code op(A)} into {@code dst} as micro-panels
     * of MR rows: panel {@code q} starts at {@code dOff + q*MR*kb}, element (r, p) is at {@code p*MR + r}; rows past
     * {@code mb} are zero.
     */
    static void packA(Operand a, int i0, int mb, int p0, int kb, double[] dst, int dOff) {
        for (int q = 0; q * MR < mb; q++) {
            int rows = Math.min(MR, mb - q * MR), d = dOff + q * MR * kb, i = i0 + q * MR;
            if (a.trans()) {
                for (int p = 0; p < kb; p++) {
                    int src = a.off() + (p0 + p) * a.ld() + i, o = d + p * MR;
                    for (int r = 0; r < MR; r++) dst[o + r] = r < rows ? a.data()[src + r] : 0.0;
                }
                continue;
            }
            if (TRANSPOSE8 && rows == MR) {
                transpose8(a.data(), a.off() + i * a.ld() + p0, a.ld(), kb, dst, d, MR);
                continue;
            }
            for (int r = 0; r < MR; r++) {
                int src = a.off() + (i + r) * a.ld() + p0;
                if (r < rows) for (int p = 0; p < kb; p++) dst[d + p * MR + r] = a.data()[src + p];
                else for (int p = 0; p < kb; p++) dst[d + p * MR + r] = 0.0;
            }
        }
    }

    /**
     * Copies rows {@code [i0, i0+rows)} ({@code rows ≤ MR}) and columns {@code [p0, p0+kb)} of a row-major A into
     * {@code dst} as an MR×kb row-major block, rows past {@code rows} zero.
     */
    static void copyRows(Operand a, int i0, int rows, int p0, int kb, double[] dst) {
        for (int r = 0; r < MR; r++) {
            if (r < rows) System.arraycopy(a.data(), a.off() + (i0 + r) * a.ld() + p0, dst, r * kb, kb);
            else java.util.Arrays.fill(dst, r * kb, (r + 1) * kb, 0.0);
        }
    }

    /**
     * Packs rows {@code [p0, p0+kb)} and columns {@code [j0, j0+nb)} of {@code op(B)} into {@code dst}: micro-panel
     * {@code q} starts at {@code dOff + q*NR*kb}, element (p, j) is at {@code p*NR + j}; columns past {@code nb} are
     * zero.
     */
    static void packB(Operand b, int p0, int kb, int j0, int nb, double[] dst, int dOff) {
        int whole = b.trans() ? 0 : nb / NR;
        if (whole > 0) {
            // Row-major B: read each row's run of columns front to back, dealing NR-wide pieces to the panels.
            double[] x = b.data();
            for (int p = 0; p < kb; p++) {
                int src = b.off() + (p0 + p) * b.ld() + j0, o = dOff + p * NR;
                for (int q = 0; q < whole; q++) {
                    DoubleVector.fromArray(SPECIES, x, src + q * NR).intoArray(dst, o + q * NR * kb);
                    DoubleVector.fromArray(SPECIES, x, src + q * NR + L).intoArray(dst, o + q * NR * kb + L);
                }
            }
        }
        for (int q = whole; q * NR < nb; q++) {
            int nr = Math.min(NR, nb - q * NR), d = dOff + q * NR * kb, j = j0 + q * NR;
            if (b.trans()) {
                packTransposedPanel(b, p0, kb, j, nr, dst, d);
                continue;
            }
            for (int p = 0; p < kb; p++) {
                int src = b.off() + (p0 + p) * b.ld() + j, o = d + p * NR;
                for (int jj = 0; jj < NR; jj++) dst[o + jj] = jj < nr ? b.data()[src + jj] : 0.0;
            }
        }
    }

    /**
     * B is stored n×k: packed row p gathers element p of NR stored rows. Walking p in the outer loop keeps the writes
     * sequential and reads NR streams, each advancing by one.
     */
    private static void packTransposedPanel(Operand b, int p0, int kb, int j, int nr, double[] dst, int d) {
        double[] x = b.data();
        int base = b.off() + j * b.ld() + p0, ld = b.ld();
        if (TRANSPOSE8 && nr == NR) {
            transpose8(x, base, ld, kb, dst, d, NR);
            transpose8(x, base + L * ld, ld, kb, dst, d + L, NR);
            return;
        }
        if (nr < NR) {
            for (int p = 0; p < kb; p++) {
                for (int jj = 0; jj < NR; jj++) dst[d + p * NR + jj] = jj < nr ? x[base + jj * ld + p] : 0.0;
            }
            return;
        }
        for (int p = 0; p < kb; p++) {
            int o = d + p * NR, src = base + p;
            for (int jj = 0; jj < NR; jj++) dst[o + jj] = x[src + jj * ld];
        }
    }

    /**
     * With 8 lanes: element (r, p) of the 8 × kb block at {@code x[base + r*ld + p]} goes to {@code dst[d + p*stride + r]}.
     * Each 8 × 8 square is transposed in registers by three stages of lane swaps between row pairs.
     */
    private static void transpose8(double[] x, int base, int ld, int kb, double[] dst, int d, int stride) {
        var s = SPECIES;
        int body = kb / 8 * 8;
        for (int p = 0; p < body; p += 8) {
            int q = base + p;
            DoubleVector v0 = DoubleVector.fromArray(s, x, q), v1 = DoubleVector.fromArray(s, x, q + ld);
            DoubleVector v2 = DoubleVector.fromArray(s, x, q + 2 * ld), v3 = DoubleVector.fromArray(s, x, q + 3 * ld);
            DoubleVector v4 = DoubleVector.fromArray(s, x, q + 4 * ld), v5 = DoubleVector.fromArray(s, x, q + 5 * ld);
            DoubleVector v6 = DoubleVector.fromArray(s, x, q + 6 * ld), v7 = DoubleVector.fromArray(s, x, q + 7 * ld);
            DoubleVector t;
            t = v0.blend(v1.rearrange(DOWN1), HIGH1);
            v1 = v0.rearrange(UP1).blend(v1, HIGH1);
            v0 = t;
            t = v2.blend(v3.rearrange(DOWN1), HIGH1);
            v3 = v2.rearrange(UP1).blend(v3, HIGH1);
            v2 = t;
            t = v4.blend(v5.rearrange(DOWN1), HIGH1);
            v5 = v4.rearrange(UP1).blend(v5, HIGH1);
            v4 = t;
            t = v6.blend(v7.rearrange(DOWN1), HIGH1);
            v7 = v6.rearrange(UP1).blend(v7, HIGH1);
            v6 = t;
            t = v0.blend(v2.rearrange(DOWN2), HIGH2);
            v2 = v0.rearrange(UP2).blend(v2, HIGH2);
            v0 = t;
            t = v1.blend(v3.rearrange(DOWN2), HIGH2);
            v3 = v1.rearrange(UP2).blend(v3, HIGH2);
            v1 = t;
            t = v4.blend(v6.rearrange(DOWN2), HIGH2);
            v6 = v4.rearrange(UP2).blend(v6, HIGH2);
            v4 = t;
            t = v5.blend(v7.rearrange(DOWN2), HIGH2);
            v7 = v5.rearrange(UP2).blend(v7, HIGH2);
            v5 = t;
            t = v0.blend(v4.rearrange(DOWN4), HIGH4);
            v4 = v0.rearrange(UP4).blend(v4, HIGH4);
            v0 = t;
            t = v1.blend(v5.rearrange(DOWN4), HIGH4);
            v5 = v1.rearrange(UP4).blend(v5, HIGH4);
            v1 = t;
            t = v2.blend(v6.rearrange(DOWN4), HIGH4);
            v6 = v2.rearrange(UP4).blend(v6, HIGH4);
            v2 = t;
            t = v3.blend(v7.rearrange(DOWN4), HIGH4);
            v7 = v3.rearrange(UP4).blend(v7, HIGH4);
            v3 = t;
            int o = d + p * stride;
            v0.intoArray(dst, o + 0 * stride);
            v1.intoArray(dst, o + 1 * stride);
            v2.intoArray(dst, o + 2 * stride);
            v3.intoArray(dst, o + 3 * stride);
            v4.intoArray(dst, o + 4 * stride);
            v5.intoArray(dst, o + 5 * stride);
            v6.intoArray(dst, o + 6 * stride);
            v7.intoArray(dst, o + 7 * stride);
        }
        for (int r = 0; r < 8; r++) {
            int src = base + r * ld, o = d + r;
            for (int p = body; p < kb; p++) dst[o + p * stride] = x[src + p];
        }
    }

    /** Lane l takes lane {@code l - s} where bit s of l is set, else keeps its own. */
    private static VectorShuffle<Double> down(int s) {
        return VectorShuffle.fromOp(SPECIES, l -> (l & s) != 0 ? l - s : l);
    }

    /** Lane l takes lane {@code l + s} where bit s of l is clear, else keeps its own. */
    private static VectorShuffle<Double> up(int s) {
        return VectorShuffle.fromOp(SPECIES, l -> (l & s) == 0 ? l + s : l);
    }

    private static VectorMask<Double> high(int s) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) bits[l] = (l & s) != 0;
        return VectorMask.fromArray(SPECIES, bits, 0);
    }
}
