package org.flatlens.tensor.kernels;

/**
 * Splits index ranges across the cores.
 *
 * <p>Work is cut into chunks of a fixed grain that does not depend on the number of threads, and every output element is
 * written by exactly one chunk, so results are bit-identical whatever the thread count. The thread count comes from
 * the system property {@code flatlens.threads} (default: all available processors); 1 runs everything on the caller.
 * The calling thread runs chunks alongside the pool's workers rather than waiting for them.
 */
public final class Parallel {
    /** A body over the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int THREADS = Math.max(1,
            Integer.getInteger("flatlens.threads", Runtime.getRuntime().availableProcessors()));
    private static final WorkerPool POOL = THREADS > 1 ? new WorkerPool(THREADS) : null;

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
    static WorkerPool sharedPool() {
        return POOL;
    }

    /**
     * As {@link #forRange(int, int, RangeBody)}, on {@code pool} ({@code null}: on the calling thread), so tests can
     * compare thread counts within one JVM.
     */
    static void forRange(WorkerPool pool, int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int g = Math.max(1, grain);
        int chunks = (n + g - 1) / g;
        if (pool == null || chunks == 1) {
            for (int c = 0; c < chunks; c++) body.run(c * g, Math.min(n, (c + 1) * g));
            return;
        }
        pool.run(chunks, c -> body.run(c * g, Math.min(n, (c + 1) * g)));
    }
}
