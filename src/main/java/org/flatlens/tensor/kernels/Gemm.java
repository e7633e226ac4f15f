package org.flatlens.tensor.kernels;

import static org.flatlens.tensor.kernels.GemmKernel.MR;
import static org.flatlens.tensor.kernels.GemmKernel.NR;

import java.util.concurrent.ConcurrentLinkedQueue;
import org.flatlens.tensor.kernels.GemmPack.Operand;

/**
 * Double-precision general matrix multiply {@code C (+)= op(A) op(B)} on row-major arrays.
 *
 * <p>{@code op(A)} is m×k, {@code op(B)} is k×n, C is m×n. When {@code transA}, A is stored k×m (row stride
 * {@code lda}); when {@code transB}, B is stored n×k. Each output element is summed over k in a fixed order, so results
 * do not depend on the thread count.
 *
 * <p>Structure after Goto &amp; van de Geijn, "Anatomy of high-performance matrix multiplication" (ACM TOMS 34(3),
 * 2008): k is cut into blocks of at most {@code KC}; per block, {@code op(B)} is packed into {@code NR}-column
 * micro-panels and {@code op(A)} into micro-panels of {@code MR} rows, at most {@code MC} rows at a time, and
 * {@link GemmKernel} computes those tiles of C with vector FMAs. Three paths by the number of rows m:
 * <ul>
 *   <li>many rows: B is packed once by all threads and the rows of C are shared out;</li>
 *   <li>more than {@value #FEW_ROWS} rows of a row-major A whose k-block fits in L2 (the batch-128 products of a dense
 *       layer): the columns are shared out, A is read in place and each task packs its B micro-panels one at a time,
 *       so nothing of the size of A or B is allocated or copied to memory that is read back from beyond L1;</li>
 *   <li>at most {@value #FEW_ROWS} rows: each element of B is used too few times to repay packing, so the columns are
 *       shared out and B is read in place ({@link GemmDot} when it is stored transposed).</li>
 * </ul>
 *
 * <p>Every element gets {@code C = (…((C₀ + S₁) + S₂) …)}, where {@code Sᵦ} is its k-block sum accumulated in
 * increasing k and {@code C₀} is 0 or the old C. The k-blocks and the kernel depend only on the shape; tasks only decide
 * which thread computes an element. Hence bit-identical results for any thread count.
 */
public final class Gemm {
    /**
     * Largest k-block: a {@code KC × NR} panel of B stays in L1 while A streams from L2. 16 KiB with AVX2; with
     * 512-bit vectors NR doubles, and 192 rows (24 KiB) leave room in a 48 KiB L1 for the A micro-panel that streams
     * past it, where 256 rows (32 KiB + 16 KiB) did not.
     */
    static final int KC = GemmKernel.L >= 8 ? 192 : 256;
    /** Largest k-block of the dot-product path, which packs nothing: fewer blocks, fewer horizontal sums. */
    static final int KC_DOT = 1024;
    /**
     * Rows of A packed at once (a multiple of the micro-tile height): {@code MC × KC} doubles stay in L2, 240 KiB of
     * the 512 KiB of the AVX2 machines measured, 540 KiB of the 1 MiB that AVX-512 cores (Zen 4/5, Xeon) have.
     */
    static final int MC = GemmKernel.L >= 8 ? 360 : 120;
    /** Up to this many rows, tasks split the columns and B is not packed. */
    static final int FEW_ROWS = 16;
    /**
     * A row-major A whose k-block of all rows has at most this many doubles (about 400 KiB, most of a 512 KiB L2) is
     * read in place while tasks split the columns; B is packed one micro-panel at a time.
     */
    static final int MID_BLOCK = 50_000;
    /** Tasks per call when there is enough work: a few per core, so a stalled thread's share can be taken over. */
    private static final int TASKS = 8;
    private static final double MIN_TASK_FLOPS = 2e6;
    /** Largest column block packed at once: bounds the packed copy of B to {@code k × NC} doubles. */
    private static final int NC = 4096;
    /** Micro-panels packed per chunk of the shared packing. */
    private static final int PACK_PANELS = 16;
    /** Rows of A packed per round of the many-rows path are cut so the packed copy stays near this many doubles. */
    private static final int A_PACK_LIMIT = 1 << 22;

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
    static void gemm(WorkerPool pool, boolean transA, boolean transB, int m, int n, int k,
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
                accumulate, m, n, k);
        if (m <= FEW_ROWS) {
            fewRows(pool, job);
            return;
        }
        if (!transA && (long) m * blockSize(k, KC) <= MID_BLOCK) {
            midRows(pool, job);
            return;
        }
        // Column blocks keep the shared packed copy of B within k × NC doubles (and within an array's reach).
        int nc = Math.max(NR, Math.min(NC, Integer.MAX_VALUE / 2 / k / NR * NR));
        for (int jc = 0; jc < n; jc += nc) manyRows(pool, job, jc, Math.min(nc, n - jc));
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

    /**
     * Columns [jc, jc+nb) with many rows. Rows go in rounds of a bounded packed size; per round all threads pack A's
     * rows (and, in the first round, B's columns) once for every k-block, then tasks take tiles of at most MC rows.
     */
    private static void manyRows(WorkerPool pool, Job job, int jc, int nb) {
        int kc = blockSize(job.k, KC), most = Math.max(MC, A_PACK_LIMIT / job.k / MC * MC);
        // Equal rounds: 2048 rows in rounds of at most 2040 become 2 × 1024, not 2040 + a round of 8 rows.
        int round = roundUp(ceilDiv(job.m, ceilDiv(job.m, most)), MR);
        double[] bPacked = new double[job.k * roundUp(nb, NR)];
        double[] aPacked = new double[roundUp(Math.min(job.m, round), MR) * job.k];
        for (int i0 = 0; i0 < job.m; i0 += round) {
            Block blk = new Block(job, kc, i0, Math.min(round, job.m - i0), jc, nb, aPacked, bPacked);
            pack(pool, blk, i0 == 0);
            compute(pool, blk);
        }
    }

    /**
     * Rows [i0, i0+mb) by columns [jc, jc+nb) with every k-block packed: k-block p0 of A starts at {@code p0*mPad}
     * (mPad = mb rounded up to MR), of B at {@code p0*nPad}, each laid out as GemmPack writes it.
     */
    private record Block(Job job, int kc, int i0, int mb, int jc, int nb, double[] aPacked, double[] bPacked) {
        int mPad() {
            return roundUp(mb, MR);
        }

        int nPad() {
            return roundUp(nb, NR);
        }
    }

    /** Packs the block's A rows, and its B columns when {@code withB}, in chunks of PACK_PANELS panels per k-block. */
    private static void pack(WorkerPool pool, Block blk, boolean withB) {
        Job job = blk.job;
        int aGroups = ceilDiv(blk.mb, PACK_PANELS * MR), bGroups = withB ? ceilDiv(blk.nb, PACK_PANELS * NR) : 0;
        int perBlock = aGroups + bGroups, mPad = blk.mPad(), nPad = blk.nPad();
        Parallel.forRange(pool, ceilDiv(job.k, blk.kc) * perBlock, 1, (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int p0 = t / perBlock * blk.kc, kb = Math.min(blk.kc, job.k - p0), g = t % perBlock;
                if (g < aGroups) {
                    int r0 = g * PACK_PANELS * MR, rows = Math.min(PACK_PANELS * MR, blk.mb - r0);
                    GemmPack.packA(job.a, blk.i0 + r0, rows, p0, kb, blk.aPacked, p0 * mPad + r0 * kb);
                } else {
                    int c0 = (g - aGroups) * PACK_PANELS * NR, cols = Math.min(PACK_PANELS * NR, blk.nb - c0);
                    GemmPack.packB(job.b, p0, kb, blk.jc + c0, cols, blk.bPacked, p0 * nPad + c0 * kb);
                }
            }
        });
    }

    /**
     * Tiles of at most MC rows (A's share in L2) by a band of columns; each B panel, once in L1, serves all the tile's
     * rows. Bands are cut until there are about TASKS tasks.
     */
    private static void compute(WorkerPool pool, Block blk) {
        Job job = blk.job;
        int tm = roundUp(ceilDiv(blk.mb, ceilDiv(blk.mb, MC)), MR), rowTiles = ceilDiv(blk.mb, tm);
        int units = ceilDiv(blk.nb, NR), want = ceilDiv(taskCount(blk.mb, blk.nb, job.k, rowTiles * units), rowTiles);
        want = balanced(rowTiles, want, units, threads(pool)); // the row tiles are fixed by MC: add column bands
        int tn = roundUp(ceilDiv(blk.nb, want), NR), colTiles = ceilDiv(blk.nb, tn);
        Parallel.forRange(pool, rowTiles * colTiles, 1, (lo, hi) -> {
            double[] scratch = new double[MR * NR];
            for (int t = lo; t < hi; t++) {
                int r0 = t / colTiles * tm, c0 = t % colTiles * tn;
                computeTile(blk, r0, Math.min(tm, blk.mb - r0), c0, Math.min(tn, blk.nb - c0), scratch);
            }
        });
    }

    /** Rows [r0, r0+rows) and columns [c0, c0+cols) of the block, relative to its corner. */
    private static void computeTile(Block blk, int r0, int rows, int c0, int cols, double[] scratch) {
        Job job = blk.job;
        int ci = job.cOff + (blk.i0 + r0) * job.ldc + blk.jc + c0, mPad = blk.mPad(), nPad = blk.nPad();
        for (int p0 = 0; p0 < job.k; p0 += blk.kc) {
            int kb = Math.min(blk.kc, job.k - p0), ai = p0 * mPad + r0 * kb;
            boolean add = job.accumulate || p0 > 0;
            for (int jr = 0; jr < cols; jr += NR) {
                int bi = p0 * nPad + (c0 + jr) * kb, nr = Math.min(NR, cols - jr);
                for (int ir = 0; ir < rows; ir += MR) {
                    int mr = Math.min(MR, rows - ir), a = ai + ir * kb, cij = ci + jr + ir * job.ldc;
                    if (mr == MR && nr == NR && !add) {
                        GemmKernel.tile(kb, blk.aPacked, a, blk.bPacked, bi, job.c, cij, job.ldc);
                    } else {
                        GemmKernel.tile(kb, blk.aPacked, a, blk.bPacked, bi, scratch, 0, NR);
                        GemmKernel.store(scratch, job.c, cij, job.ldc, add, mr, nr);
                    }
                }
            }
        }
    }

    /** At most FEW_ROWS rows: each task takes a band of columns, reading B in place (or by dot products if Bᵀ). */
    private static void fewRows(WorkerPool pool, Job job) {
        boolean dot = !job.a.trans() && job.b.trans(), direct = !job.b.trans();
        int kc = blockSize(job.k, dot ? KC_DOT : KC);
        int tn = bandWidth(pool, job);
        int aLen = dot ? 0 : roundUp(job.m, MR) * kc, bLen = dot ? 0 : (direct ? NR : tn) * kc;
        ConcurrentLinkedQueue<Buffers> spare = new ConcurrentLinkedQueue<>();
        Parallel.forRange(pool, ceilDiv(job.n, tn), 1, (lo, hi) -> {
            Buffers buf = take(spare, aLen, bLen);
            for (int t = lo; t < hi; t++) {
                int j0 = t * tn, nt = Math.min(tn, job.n - j0);
                for (int p0 = 0; p0 < job.k; p0 += kc) {
                    int kb = Math.min(kc, job.k - p0);
                    if (dot) GemmDot.block(job.a, job.b, p0, kb, 0, job.m, j0, nt, job.c, job.cOff + j0, job.ldc,
                            job.accumulate || p0 > 0);
                    else columnBand(job, p0, kb, j0, nt, direct, buf);
                }
            }
            spare.offer(buf);
        });
    }

    /** One k-block of a column band: full NR-column panels of a row-major B are read in place, the rest packed. */
    private static void columnBand(Job job, int p0, int kb, int j0, int nt, boolean direct, Buffers buf) {
        int full = direct ? nt / NR * NR : 0;
        if (full < nt) GemmPack.packB(job.b, p0, kb, j0 + full, nt - full, buf.b, 0);
        GemmPack.packA(job.a, 0, job.m, p0, kb, buf.a, 0);
        Operand b = job.b;
        boolean add = job.accumulate || p0 > 0;
        for (int jr = 0; jr < nt; jr += NR) {
            boolean inPlace = jr < full;
            double[] bp = inPlace ? b.data() : buf.b;
            int bi = inPlace ? b.off() + p0 * b.ld() + j0 + jr : (jr - full) * kb, bs = inPlace ? b.ld() : NR;
            int nr = Math.min(NR, nt - jr), cj = job.cOff + j0 + jr;
            for (int ir = 0; ir < job.m; ir += MR) {
                int mr = Math.min(MR, job.m - ir), ci = cj + ir * job.ldc;
                if (mr == MR && nr == NR && !add) {
                    GemmKernel.tileStridedB(kb, buf.a, ir * kb, bp, bi, bs, job.c, ci, job.ldc);
                } else {
                    GemmKernel.tileStridedB(kb, buf.a, ir * kb, bp, bi, bs, buf.scratch, 0, NR);
                    GemmKernel.store(buf.scratch, job.c, ci, job.ldc, add, mr, nr);
                }
            }
        }
    }

    /**
     * More than FEW_ROWS rows of a row-major A, at most MID_BLOCK doubles in a k-block of all of them: each task takes
     * a band of columns and all rows, so every element of B is packed once, into a micro-panel that then serves all
     * rows from L1, and A is read in place. Nothing of the size of A or B is allocated.
     */
    private static void midRows(WorkerPool pool, Job job) {
        int kc = blockSize(job.k, KC), tn = bandWidth(pool, job);
        ConcurrentLinkedQueue<Buffers> spare = new ConcurrentLinkedQueue<>();
        Parallel.forRange(pool, ceilDiv(job.n, tn), 1, (lo, hi) -> {
            Buffers buf = take(spare, MR * kc, NR * kc);
            for (int t = lo; t < hi; t++) {
                int j0 = t * tn, nt = Math.min(tn, job.n - j0);
                for (int p0 = 0; p0 < job.k; p0 += kc) midBlock(job, p0, Math.min(kc, job.k - p0), j0, nt, buf);
            }
            spare.offer(buf);
        });
    }

    /** One k-block of a column band; the last {@code m mod MR} rows are copied, zero-padded, to a panel of MR rows. */
    private static void midBlock(Job job, int p0, int kb, int j0, int nt, Buffers buf) {
        Operand a = job.a;
        int body = job.m / MR * MR, tail = job.m - body, lda = a.ld();
        if (tail > 0) GemmPack.copyRows(a, body, tail, p0, kb, buf.a);
        boolean add = job.accumulate || p0 > 0;
        for (int jr = 0; jr < nt; jr += NR) {
            int nr = Math.min(NR, nt - jr), cj = job.cOff + j0 + jr;
            GemmPack.packB(job.b, p0, kb, j0 + jr, nr, buf.b, 0);
            for (int i = 0; i < body; i += MR) {
                int ai = a.off() + i * lda + p0, ci = cj + i * job.ldc;
                if (nr == NR && !add) {
                    GemmKernel.tileRowsA(kb, a.data(), ai, lda, buf.b, 0, job.c, ci, job.ldc);
                } else {
                    GemmKernel.tileRowsA(kb, a.data(), ai, lda, buf.b, 0, buf.scratch, 0, NR);
                    GemmKernel.store(buf.scratch, job.c, ci, job.ldc, add, MR, nr);
                }
            }
            if (tail > 0) {
                GemmKernel.tileRowsA(kb, buf.a, 0, kb, buf.b, 0, buf.scratch, 0, NR);
                GemmKernel.store(buf.scratch, job.c, cj + body * job.ldc, job.ldc, add, tail, nr);
            }
        }
    }

    /**
     * How many tasks to cut {@code units} (row or column micro-panels) into: {@value #TASKS} when every task keeps at
     * least {@code MIN_TASK_FLOPS}, fewer for small products. A function of the shape only.
     */
    private static int taskCount(int m, int n, int k, int units) {
        double flops = 2.0 * m * n * k;
        return (int) Math.max(1, Math.min(Math.min(TASKS, units), Math.floor(flops / MIN_TASK_FLOPS)));
    }

    /**
     * Width of the column bands of a path that shares out only columns: about {@link #taskCount} bands, their number
     * raised to a multiple of the thread count when the panels allow. Which thread computes a column never changes its
     * rounding, so this may depend on the threads.
     */
    private static int bandWidth(WorkerPool pool, Job job) {
        int units = ceilDiv(job.n, NR), bands = taskCount(job.m, job.n, job.k, units);
        bands = balanced(1, bands, units, threads(pool));
        return roundUp(ceilDiv(job.n, bands), NR);
    }

    /**
     * Equal tasks shared by P threads finish together only if their count is a multiple of P (3 tasks on 2 threads
     * leave one thread idle for a third of the time), so the number of column bands grows, at most to {@code units},
     * until {@code per × bands} tasks are (or there are 8 per thread). Which thread computes a tile never changes its
     * rounding.
     */
    private static int balanced(int per, int bands, int units, int threads) {
        while (per * bands % threads != 0 && per * bands < 8 * threads && bands < units) bands++;
        return bands;
    }

    private static int threads(WorkerPool pool) {
        return pool == null ? 1 : pool.parallelism();
    }

    /** Equal blocks of at most {@code max}: k = 784 gives 4 × 196 rather than 3 × 256 + 16. */
    private static int blockSize(int k, int max) {
        return ceilDiv(k, ceilDiv(k, max));
    }

    private static Buffers take(ConcurrentLinkedQueue<Buffers> spare, int aLen, int bLen) {
        Buffers buf = spare.poll();
        return buf != null ? buf : new Buffers(aLen, bLen);
    }

    private record Job(Operand a, Operand b, double[] c, int cOff, int ldc, boolean accumulate, int m, int n, int k) {}

    /**
     * One task's packing space. Tasks return it to a per-call queue for the next task, so a call allocates about one
     * set per busy thread.
     */
    private static final class Buffers {
        final double[] a, b, scratch = new double[MR * NR];

        Buffers(int aLen, int bLen) {
            a = new double[aLen];
            b = new double[bLen];
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }
}
