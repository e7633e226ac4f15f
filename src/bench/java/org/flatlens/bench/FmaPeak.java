package org.flatlens.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's attainable float64 FMA rate: every thread runs independent chains of vector FMAs
 * ({@code x ← x·a + b} on {@code DoubleVector.SPECIES_PREFERRED}) with no memory traffic. Each chain's latency is hidden
 * by the other {@value #CHAINS}, so the loop is bound by FMA throughput alone: an upper bound on any GEMM here.
 */
public final class FmaPeak {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int CHAINS = 10;

    private FmaPeak() {}

    /**
     * Measures {@code samples} rounds of {@code threads} threads each running {@code iterations} loop trips.
     *
     * @param cpuClock time each thread by its own CPU time (the round takes as long as its slowest thread) instead of
     *                 the wall clock from first start to last finish
     * @return GFLOP/s of each round (2 flops per FMA lane)
     * @throws IllegalArgumentException if any count is below 1
     */
    public static double[] measure(int threads, int samples, int iterations, boolean cpuClock) {
        if (threads < 1 || samples < 1 || iterations < 1) throw new IllegalArgumentException(
                "threads, samples and iterations must be ≥ 1: " + threads + ", " + samples + ", " + iterations);
        double[] rates = new double[samples];
        double flops = 2.0 * CHAINS * S.length() * (double) iterations * threads;
        for (int r = 0; r < samples; r++) rates[r] = flops / runRound(threads, iterations, cpuClock) / 1e9;
        return rates;
    }

    /** Lanes of the preferred species (4 for AVX2, 8 for AVX-512). */
    public static int lanes() {
        return S.length();
    }

    private static double runRound(int threads, int iterations, boolean cpuClock) {
        List<Thread> ts = new ArrayList<>();
        double[] sink = new double[threads], cpuSeconds = new double[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(new Thread(() -> {
                var mx = ManagementFactory.getThreadMXBean();
                long c0 = mx.getCurrentThreadCpuTime();
                sink[id] = chains(iterations, 0.999999, 1e-9);
                cpuSeconds[id] = (mx.getCurrentThreadCpuTime() - c0) * 1e-9;
            }));
        }
        long t0 = System.nanoTime();
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the FMA peak", e);
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (Double.isNaN(sink[0])) throw new AssertionError("FMA chains produced NaN");
        if (!cpuClock) return seconds;
        double slowest = 0;
        for (double c : cpuSeconds) slowest = Math.max(slowest, c);
        return slowest;
    }

    private static double chains(int iterations, double a, double b) {
        DoubleVector va = DoubleVector.broadcast(S, a), vb = DoubleVector.broadcast(S, b);
        DoubleVector x0 = DoubleVector.broadcast(S, 1.0), x1 = x0, x2 = x0, x3 = x0, x4 = x0;
        DoubleVector x5 = x0, x6 = x0, x7 = x0, x8 = x0, x9 = x0;
        for (int i = 0; i < iterations; i++) {
            x0 = x0.fma(va, vb);
            x1 = x1.fma(va, vb);
            x2 = x2.fma(va, vb);
            x3 = x3.fma(va, vb);
            x4 = x4.fma(va, vb);
            x5 = x5.fma(va, vb);
            x6 = x6.fma(va, vb);
            x7 = x7.fma(va, vb);
            x8 = x8.fma(va, vb);
            x9 = x9.fma(va, vb);
        }
        return x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7).add(x8).add(x9)
                .reduceLanes(VectorOperators.ADD);
    }
}
