package org.flatlens.bench;

import java.util.Arrays;

/**
 * Seconds per call over repeated samples, summarised by the median and the full spread.
 *
 * @param medianSeconds median over samples of the mean time per call within a sample
 * @param minSeconds    fastest sample
 * @param maxSeconds    slowest sample
 * @param samples       number of samples
 * @param callsPerSample calls timed together in each sample
 */
public record Timing(double medianSeconds, double minSeconds, double maxSeconds, int samples, int callsPerSample) {
    /** Summarises per-call times, one per sample. */
    public static Timing of(double[] secondsPerCall, int callsPerSample) {
        if (secondsPerCall.length == 0) throw new IllegalArgumentException("no samples");
        double[] s = secondsPerCall.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        return new Timing(median, s[0], s[n - 1], n, callsPerSample);
    }

    /**
     * Least untimed running before sampling when a warm-up is asked for: long enough for the JIT to finish compiling
     * the vector kernels. A few dozen calls leave them interpreted, and the MLP training step still gets faster for
     * about 5 s (13 → 6.3 ms per step at batch 128 on 2 Zen 5 cores), so shorter warm-ups time the JIT, not the
     * kernels. The system property {@code flatlens.bench.warmupSeconds} overrides it.
     */
    public static final double MIN_WARMUP_SECONDS = Double.parseDouble(
            System.getProperty("flatlens.bench.warmupSeconds", "5"));

    /**
     * Most untimed running ({@code flatlens.bench.maxWarmupSeconds}). Models with many kernels take longer than
     * {@link #MIN_WARMUP_SECONDS} to compile: the ViT's compression analysis ran 5–10× slower than at steady state for
     * its first 15–60 s on 2 cores, since the compiler threads share them with the computation.
     */
    public static final double MAX_WARMUP_SECONDS = Double.parseDouble(
            System.getProperty("flatlens.bench.maxWarmupSeconds", "180"));

    /**
     * Times {@code call}: {@code warmup} untimed calls, continued when {@code warmup > 0} until
     * {@link #MIN_WARMUP_SECONDS} have passed and the times have settled ({@link WarmUp}), or
     * {@link #MAX_WARMUP_SECONDS} have passed; then {@code samples} samples of {@code callsPerSample} consecutive calls
     * each.
     */
    public static Timing measure(int warmup, int samples, int callsPerSample, Runnable call) {
        long start = System.nanoTime();
        WarmUp w = new WarmUp(warmup, MIN_WARMUP_SECONDS, MAX_WARMUP_SECONDS);
        while (warmup > 0) {
            long begin = System.nanoTime();
            call.run();
            long now = System.nanoTime();
            if (w.done((now - begin) * 1e-9, (now - start) * 1e-9)) break;
        }
        double[] t = new double[samples];
        for (int i = 0; i < samples; i++) {
            long begin = System.nanoTime();
            for (int c = 0; c < callsPerSample; c++) call.run();
            t[i] = (System.nanoTime() - begin) * 1e-9 / callsPerSample;
        }
        return of(t, callsPerSample);
    }

    @Override
    public String toString() {
        return String.format("%.4f s (min %.4f, max %.4f, n=%d)", medianSeconds, minSeconds, maxSeconds, samples);
    }

    /** Median rate in GFLOP/s for {@code flops} per call. */
    public double gflops(double flops) {
        return flops / medianSeconds / 1e9;
    }

    /** Rate of the fastest sample. */
    public double bestGflops(double flops) {
        return flops / minSeconds / 1e9;
    }

    /** Rate of the slowest sample. */
    public double worstGflops(double flops) {
        return flops / maxSeconds / 1e9;
    }
}
