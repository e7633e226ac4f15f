package org.flatlens.tensor;

import static org.flatlens.tensor.GemmKernel.L;
import static org.flatlens.tensor.GemmKernel.MR;
import static org.flatlens.tensor.GemmKernel.NR;
import static org.flatlens.tensor.GemmKernel.SPECIES;

import jdk.incubator.vector.DoubleVector;

/**
 * Packs blocks of {@code op(A)} and {@code op(B)} into the micro-panel layout of {@link GemmKernel}, undoing any
 * transposition on the way, so the kernel always streams contiguous, zero-padded memory.
 */
final class GemmPack {
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
}
