package org.flatlens.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits index ranges across the cores.
 *
 * <p>Work is cut into chunks of a fixed grain that does not depend on the number of threads, and every output element is
 * written by exactly one chunk, so results are bit-identical whatever the thread count. The thread count comes from
 * the system property {@code flatlens.threads} (default: all available processors); 1 runs everything on the caller.
 */
public final class Parallel {
    /** A body over the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int THREADS = Math.max(1,
            Integer.getInteger("flatlens.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    private Parallel() {}

    /** Number of worker threads the kernels use. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code grain} (the last may be shorter), in parallel when there
     * is more than one chunk.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        forRange(POOL, n, grain, body);
    }

    /** The pool behind {@link #forRange(int, int, RangeBody)}; {@code null} when running single-threaded. */
    static ForkJoinPool sharedPool() {
        return POOL;
    }

    /**
     * As {@link #forRange(int, int, RangeBody)}, on {@code pool} ({@code null}: on the calling thread), so tests can
     * compare thread counts within one JVM.
     */
    static void forRange(ForkJoinPool pool, int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int g = Math.max(1, grain);
        int chunks = (n + g - 1) / g;
        if (pool == null || chunks == 1) {
            for (int c = 0; c < chunks; c++) body.run(c * g, Math.min(n, (c + 1) * g));
            return;
        }
        RecursiveAction task = new Chunks(body, n, g, 0, chunks);
        // Nested calls from a worker run inside the pool instead of blocking a worker on a new submission.
        if (ForkJoinTask.getPool() == pool) task.invoke();
        else pool.invoke(task);
    }

    private static final class Chunks extends RecursiveAction {
        private final RangeBody body;
        private final int n, grain, lo, hi;

        Chunks(RangeBody body, int n, int grain, int lo, int hi) {
            this.body = body;
            this.n = n;
            this.grain = grain;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                body.run(lo * grain, Math.min(n, (lo + 1) * grain));
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Chunks(body, n, grain, lo, mid), new Chunks(body, n, grain, mid, hi));
        }
    }
}
