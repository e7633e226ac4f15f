package org.flatlens.bench;

import java.util.Arrays;

/** Repeated wall-clock timing with warm-up; reports the median and the spread. */
public final class Timing {
    /** Seconds per run: median, min and max over the measured repetitions. */
    public record Result(double median, double min, double max, int reps) {
        @Override
        public String toString() {
            return String.format("%.4f s (min %.4f, max %.4f, n=%d)", median, min, max, reps);
        }
    }

    private Timing() {}

    public static Result time(int warmup, int reps, Runnable body) {
        for (int i = 0; i < warmup; i++) body.run();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - s) * 1e-9;
        }
        Arrays.sort(t);
        return new Result(t[reps / 2], t[0], t[reps - 1], reps);
    }
}
