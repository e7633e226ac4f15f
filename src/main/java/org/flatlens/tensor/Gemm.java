package org.flatlens.tensor;

import static org.flatlens.tensor.GemmKernel.MR;
import static org.flatlens.tensor.GemmKernel.NR;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import org.flatlens.tensor.GemmPack.Operand;

/**
 * Double-precision general matrix multiply {@code C (+)= op(A) op(B)} on row-major arrays.
 *
 * <p>{@code op(A)} is m×k, {@code op(B)} is k×n, C is m×n. When {@code transA}, A is stored k×m (row stride
 * {@code lda}); when {@code transB}, B is stored n×k. Each output element is summed over k in a fixed order, so results
 * do not depend on the thread count.
 *
 * <p>Structure after Goto &amp; van de Geijn, "Anatomy of high-performance matrix multiplication" (ACM TOMS 34(3),
 * 2008), in the loop order of BLIS: C is cut into tiles (the parallel tasks); inside a tile, k is cut into blocks of at
 * most {@value #KC}, each block of {@code op(B)} is packed into {@code NR}-column micro-panels, each block of
 * {@code op(A)} of at most {@value #MC} rows into {@code MR}-row micro-panels, and {@link GemmKernel} computes
 * {@code MR × NR} tiles with vector FMAs. Every element of C gets {@code C = (…((C₀ + S₁) + S₂) …)}, where
 * {@code Sᵦ} is the k-block sum accumulated in increasing k and {@code C₀} is 0 or the old C; the blocks depend only on
 * k, and tiles only decide which thread computes an element, hence the bit-identical results for any thread count.
 */
public final class Gemm {
    /** Largest k-block: a {@code KC × NR} panel of B (16 KiB with AVX2) stays in L1 while A streams from L2. */
    static final int KC = Integer.getInteger("gemm.kc", 256);
    /** Rows of A packed at once: {@code MC × KC} doubles (256 KiB) stay in L2 while the B tile streams past. */
    static final int MC = Integer.getInteger("gemm.mc", 128);
    /** Largest task tile; smaller tiles only cost more packing. */
    private static final int TILE_M = Integer.getInteger("gemm.tm", 512), TILE_N = Integer.getInteger("gemm.tn", 1024);
    /** Cut tiles until there are this many tasks, while each still has at least {@link #MIN_TASK_FLOPS}. */
    private static final int MIN_TASKS = 8;
    private static final double MIN_TASK_FLOPS = 2e6;
    /** Tiles of at most this many rows read a non-transposed B in place instead of packing it. */
    static final int DIRECT_B_ROWS = Integer.getInteger("gemm.directB", 16);
    static final int DOT_ROWS = Integer.getInteger("gemm.dot", 16);
    static final int KC_DOT = Integer.getInteger("gemm.kcdot", 1024);

    private Gemm() {}

    /**
     * {@code C[m×n] = op(A)·op(B)}, or {@code C += op(A)·op(B)} when {@code accumulate}; row-major, element (i, j) of C
     * at {@code c[cOff + i*ldc + j]}. Only C is modified; without {@code accumulate} its old values (even NaN) are
     * ignored. Runs on {@link Parallel}'s threads.
     *
     * @param transA A is stored k×m ({@code a[aOff + p*lda + i]}) instead of m×k ({@code a[aOff + i*lda + p]})
     * @param transB B is stored n×k ({@code b[bOff + j*ldb + p]}) instead of k×n ({@code b[bOff + p*ldb + j]})
     * @throws IllegalArgumentException on a negative size, a row stride shorter than its row, or an array too short
     *                                  for the given offset, strides and sizes
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double[] c, int cOff, int ldc, boolean accumulate) {
        gemm(Parallel.sharedPool(), transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** As the public overload, on {@code pool} ({@code null}: on the calling thread only). */
    static void gemm(ForkJoinPool pool, boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double[] c, int cOff, int ldc, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm sizes must be ≥ 0: " + m + "×" + n + "×" + k);
        checkMatrix("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            return;
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        Job job = new Job(new Operand(a, aOff, lda, transA), new Operand(b, bOff, ldb, transB), c, cOff, ldc,
                accumulate, Plan.of(m, n, k, transA, transB));
        // Packing space is reused by whichever task runs next, so a call allocates about one set per busy thread.
        ConcurrentLinkedQueue<Buffers> spare = new ConcurrentLinkedQueue<>();
        Parallel.forRange(pool, job.plan.tasks(), 1, (lo, hi) -> {
            Buffers buf = spare.poll();
            if (buf == null) buf = new Buffers(job.plan);
            for (int t = lo; t < hi; t++) runTile(job, t, buf);
            spare.offer(buf);
        });
    }

    private static void checkMatrix(String name, double[] x, int off, int ld, int rows, int cols) {
        if (x == null) throw new IllegalArgumentException("gemm: " + name + " is null");
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new IllegalArgumentException(
                "gemm: " + name + " row stride " + ld + " is shorter than its rows of " + cols);
        long last = (long) off + (long) (rows - 1) * ld + cols - 1;
        if (off < 0 || last >= x.length) throw new IllegalArgumentException("gemm: " + name + " of " + rows + "×"
                + cols + " at offset " + off + " with stride " + ld + " needs index " + last + " but has length " + x.length);
    }

    /** One tile of C: for each k-block pack its B columns once, then sweep its rows MC at a time. */
    private static void runTile(Job job, int tile, Buffers buf) {
        Plan plan = job.plan;
        int i0 = (tile / plan.colTiles) * plan.tm, j0 = (tile % plan.colTiles) * plan.tn;
        int mt = Math.min(plan.tm, plan.m - i0), nt = Math.min(plan.tn, plan.n - j0);
        int full = plan.directB ? nt / NR * NR : 0; // columns whose B panels are read in place
        for (int p0 = 0; p0 < plan.k; p0 += plan.kc) {
            int kb = Math.min(plan.kc, plan.k - p0);
            boolean add = job.accumulate || p0 > 0;
            if (plan.dot) {
                GemmDot.block(job.a, job.b, p0, kb, i0, mt, j0, nt, job.c, job.cOff + i0 * job.ldc + j0, job.ldc, add,
                        buf.scratch);
                continue;
            }
            if (full < nt) GemmPack.packB(job.b, p0, kb, j0 + full, nt - full, buf.b);
            for (int ic = 0; ic < mt; ic += MC) {
                int mb = Math.min(MC, mt - ic);
                GemmPack.packA(job.a, i0 + ic, mb, p0, kb, buf.a);
                macroKernel(job, p0, kb, mb, j0, nt, full, job.cOff + (i0 + ic) * job.ldc, add, buf);
            }
        }
    }

    /**
     * Packed A block (mb×kb) times the B block (kb×nt from column j0) into C at row start {@code ci}: B panels outer,
     * so each stays in L1. Columns below {@code full} come straight from B, the rest from the packed buffer.
     */
    private static void macroKernel(Job job, int p0, int kb, int mb, int j0, int nt, int full, int ci, boolean add,
                                    Buffers buf) {
        int ldc = job.ldc;
        Operand b = job.b;
        for (int jr = 0; jr < nt; jr += NR) {
            int nr = Math.min(NR, nt - jr);
            boolean direct = jr < full;
            double[] bp = direct ? b.data() : buf.b;
            int bi = direct ? b.off() + p0 * b.ld() + j0 + jr : (jr - full) * kb, bs = direct ? b.ld() : NR;
            for (int ir = 0; ir < mb; ir += MR) {
                int mr = Math.min(MR, mb - ir), ai = ir * kb, cij = ci + ir * ldc + j0 + jr;
                if (mr == MR && nr == NR) GemmKernel.tile(kb, buf.a, ai, bp, bi, bs, job.c, cij, ldc, add);
                else GemmKernel.edge(kb, buf.a, ai, bp, bi, bs, job.c, cij, ldc, add, mr, nr, buf.scratch);
            }
        }
    }

    private record Job(Operand a, Operand b, double[] c, int cOff, int ldc, boolean accumulate, Plan plan) {}

    /** Per-task packing space, sized for the largest k-block and tile. */
    private static final class Buffers {
        final double[] a, b, scratch = new double[MR * NR];

        Buffers(Plan plan) {
            a = plan.dot ? new double[0] : new double[roundUp(Math.min(MC, plan.tm), MR) * plan.kc];
            b = plan.dot ? new double[0] : new double[(plan.directB ? NR : plan.tn) * plan.kc];
        }
    }

    /**
     * How C and k are cut: tiles of {@code tm × tn} (multiples of MR and NR) and k-blocks of {@code kc}. A function of
     * (m, n, k) alone, never of the thread count.
     */
    record Plan(int m, int n, int k, int tm, int tn, int rowTiles, int colTiles, int kc, boolean directB, boolean dot) {
        static Plan of(int m, int n, int k, boolean transA, boolean transB) {
            boolean dot = !transA && transB && m <= DOT_ROWS;
            int kc = ceilDiv(k, ceilDiv(k, dot ? KC_DOT : KC));
            int rt = ceilDiv(m, TILE_M), ct = ceilDiv(n, TILE_N);
            while (rt * ct < MIN_TASKS) {
                int tm = roundUp(ceilDiv(m, rt), MR), tn = roundUp(ceilDiv(n, ct), NR);
                if ((double) tm * tn * k < MIN_TASK_FLOPS) break; // halving would leave tasks under the floor
                if (tm > MR && (tm >= tn || tn <= NR)) rt++;
                else if (tn > NR) ct++;
                else break;
            }
            int tm = roundUp(ceilDiv(m, rt), MR), tn = roundUp(ceilDiv(n, ct), NR);
            // Few rows use each B element only a few times, too few to repay packing it; row-major B needs no transposing.
            return new Plan(m, n, k, tm, tn, ceilDiv(m, tm), ceilDiv(n, tn), kc, !transB && tm <= DIRECT_B_ROWS,
                    dot);
        }

        int tasks() {
            return rowTiles * colTiles;
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }
}
