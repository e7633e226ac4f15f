package org.flatlens.bench;

/**
 * When to stop warming up: after at least {@code calls} calls and {@code minSeconds}, once {@value #SETTLED_CALLS}
 * calls in a row have not beaten the fastest call before them by more than a factor {@value #GAIN} (the JIT has
 * stopped making the code faster), or in any case after {@code maxSeconds}.
 */
final class WarmUp {
    static final int SETTLED_CALLS = 3;
    static final double GAIN = 1.1;

    private final int calls;
    private final double minSeconds, maxSeconds;
    private int seen, settled;
    private double best = Double.POSITIVE_INFINITY;

    WarmUp(int calls, double minSeconds, double maxSeconds) {
        this.calls = calls;
        this.minSeconds = minSeconds;
        this.maxSeconds = maxSeconds;
    }

    /**
     * @param seconds the call just made
     * @param elapsed seconds since the warm-up began
     * @return whether to stop warming up
     */
    boolean done(double seconds, double elapsed) {
        seen++;
        settled = seconds * GAIN < best ? 0 : settled + 1;
        best = Math.min(best, seconds);
        return elapsed >= maxSeconds || seen >= calls && elapsed >= minSeconds && settled >= SETTLED_CALLS;
    }
}
