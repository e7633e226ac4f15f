package org.flatlens.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.flatlens.tensor.kernels.Gemm;
import org.flatlens.tensor.kernels.Parallel;

/**
 * Times FlatLens's {@link Gemm} and a {@link ReferenceGemm} side by side on the same operands: after a warm-up, the two
 * alternate sample by sample (so background load hits both alike), each sample timing enough calls to last about
 * {@code sampleSeconds}. The machine's FMA peak ({@link FmaPeak}) is measured before and after the products.
 */
public final class GemmBenchmark {
    /**
     * How long to measure.
     *
     * @param samples       timed samples per implementation and shape (the median and spread are over these)
     * @param warmupSeconds untimed running per implementation and shape before sampling (JIT, caches, thread start-up)
     * @param sampleSeconds target length of one sample
     * @param quietBelow    before each shape, wait (at most {@code quietWaitSeconds}) until the machine's CPU pressure
     *                      (share of the last 10 s in which some thread waited for a CPU) is below this; 1 never waits
     * @param quietWaitSeconds the longest such wait
     * @param cpuClock      time by the calling thread's CPU time instead of the wall clock: immune to time-slicing
     *                      on a shared machine, and valid only when both libraries compute on the calling thread
     *                      (one thread)
     */
    public record Settings(int samples, double warmupSeconds, double sampleSeconds, double quietBelow,
                           double quietWaitSeconds, boolean cpuClock) {
        public Settings {
            if (samples < 1 || !(warmupSeconds >= 0) || !(sampleSeconds > 0) || !(quietWaitSeconds >= 0)) {
                throw new IllegalArgumentException("need samples ≥ 1, warmupSeconds ≥ 0, sampleSeconds > 0, "
                        + "quietWaitSeconds ≥ 0: " + samples + ", " + warmupSeconds + ", " + sampleSeconds + ", "
                        + quietWaitSeconds);
            }
        }
    }

    /**
     * One shape's measurements.
     *
     * @param reference   null when no reference library was available
     * @param maxRelDiff  {@code max|C_ours − C_ref| / max|C_ref|}, NaN without a reference
     * @param pressure    CPU pressure (share of the last 10 s with a thread waiting for a CPU) when sampling began,
     *                    NaN if unknown
     */
    public record Row(GemmShape shape, Timing ours, Timing reference, double maxRelDiff, double pressure) {}

    /**
     * A whole run.
     *
     * @param reference   the reference library's description, or null
     * @param peakSamples FMA-peak samples in GFLOP/s, about half before and half after the products
     * @param loadBefore  1-minute system load average when the run started (negative if unavailable)
     * @param loadAfter   the same when it ended
     * @param cpuWaitShare share of the run's wall time in which some runnable thread of the machine waited for a CPU
     *                    (Linux pressure stall information), the measure of how shared the cores were; NaN if unknown
     * @param clock       what the times are: "wall clock" or "thread CPU time"
     */
    public record Report(String machine, String reference, List<String> environment, double[] peakSamples,
                         List<Row> rows, double loadBefore, double loadAfter, double cpuWaitShare, String clock) {
        /** Median FMA peak in GFLOP/s. */
        public double peakGflops() {
            double[] s = peakSamples.clone();
            java.util.Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
        }
    }

    private static final long SETTLE_MILLIS = 200;

    private GemmBenchmark() {}

    /** Runs every shape with FlatLens's Gemm and, when present, the reference; inputs are uniform in [-1, 1). */
    public static Report run(List<GemmShape> shapes, Settings settings, Optional<ReferenceGemm> reference,
                             RandomGenerator rng) {
        if (settings.cpuClock() && Parallel.threads() != 1) throw new IllegalArgumentException(
                "CPU-time clock needs one thread (-Dflatlens.threads=1), got " + Parallel.threads());
        double loadBefore = loadAverage();
        long waitBefore = cpuWaitMicros(), start = System.nanoTime();
        int threads = Parallel.threads();
        awaitQuiet(settings);
        double[] peak1 = peakSamples(threads, (settings.samples() + 1) / 2, settings.cpuClock());
        List<Row> rows = new ArrayList<>();
        for (GemmShape s : shapes) rows.add(measure(s, settings, reference.orElse(null), rng));
        awaitQuiet(settings);
        double[] peak2 = peakSamples(threads, settings.samples() / 2 + 1, settings.cpuClock());
        double[] peak = new double[peak1.length + peak2.length];
        System.arraycopy(peak1, 0, peak, 0, peak1.length);
        System.arraycopy(peak2, 0, peak, peak1.length, peak2.length);
        long waitAfter = cpuWaitMicros();
        double waitShare = waitBefore < 0 || waitAfter < 0 ? Double.NaN
                : (waitAfter - waitBefore) * 1e3 / (System.nanoTime() - start);
        return new Report(machine(threads), reference.map(ReferenceGemm::describe).orElse(null), openBlasEnvironment(),
                peak, rows, loadBefore, loadAverage(), waitShare, settings.cpuClock() ? "thread CPU time" : "wall clock");
    }

    private static Row measure(GemmShape s, Settings settings, ReferenceGemm reference, RandomGenerator rng) {
        double[] a = uniform(rng, s.m() * s.k()), b = uniform(rng, s.k() * s.n()), c = new double[s.m() * s.n()];
        int lda = s.transA() ? s.m() : s.k(), ldb = s.transB() ? s.k() : s.n();
        Runnable ours = () -> Gemm.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), a, 0, lda, b, 0, ldb, c, 0, s.n(), false);
        if (reference == null) {
            int calls = warmUp(ours, settings);
            double pressure = awaitQuiet(settings);
            double[] t = new double[settings.samples()];
            for (int r = 0; r < t.length; r++) t[r] = timeCalls(ours, calls, settings.cpuClock());
            return new Row(s, Timing.of(t, calls), null, Double.NaN, pressure);
        }
        try (ReferenceGemm.Prepared ref = reference.prepare(s, a, b)) {
            int callsOurs = warmUp(ours, settings), callsRef = warmUp(ref::run, settings);
            double pressure = awaitQuiet(settings);
            double[] tOurs = new double[settings.samples()], tRef = new double[settings.samples()];
            for (int r = 0; r < tOurs.length; r++) {
                settle();
                tOurs[r] = timeCalls(ours, callsOurs, settings.cpuClock());
                settle();
                tRef[r] = timeCalls(ref::run, callsRef, settings.cpuClock());
            }
            return new Row(s, Timing.of(tOurs, callsOurs), Timing.of(tRef, callsRef), maxRelDiff(c, ref.result()),
                    pressure);
        }
    }

    /** Runs {@code op} for the warm-up time and returns how many calls make one sample. */
    private static int warmUp(Runnable op, Settings settings) {
        long start = System.nanoTime();
        int calls = 0;
        do {
            op.run();
            calls++;
        } while ((System.nanoTime() - start) * 1e-9 < settings.warmupSeconds());
        double perCall = timeCalls(op, 1, settings.cpuClock());
        return (int) Math.max(1, Math.min(1_000_000, Math.round(settings.sampleSeconds() / perCall)));
    }

    /**
     * Pauses before a sample: OpenBLAS's idle workers keep spinning for a while after a call, and would otherwise take
     * a core from whatever runs next.
     */
    private static void settle() {
        pause(SETTLE_MILLIS);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while benchmarking", e);
        }
    }

    /** Mean seconds per call over {@code calls} back-to-back calls, by the wall clock or this thread's CPU time. */
    private static double timeCalls(Runnable op, int calls, boolean cpuClock) {
        long t0 = now(cpuClock);
        for (int i = 0; i < calls; i++) op.run();
        return (now(cpuClock) - t0) * 1e-9 / calls;
    }

    static long now(boolean cpuClock) {
        return cpuClock ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static double[] peakSamples(int threads, int samples, boolean cpuClock) {
        FmaPeak.measure(threads, 3, 2_000_000, cpuClock); // JIT warm-up
        double[] probe = FmaPeak.measure(threads, 1, 5_000_000, cpuClock);
        // Size each round to about 0.3 s at the probed rate.
        double flopsPerTrip = 2.0 * 10 * FmaPeak.lanes() * threads;
        int iterations = (int) Math.min(Integer.MAX_VALUE, Math.max(1e6, 0.3 * probe[0] * 1e9 / flopsPerTrip));
        return FmaPeak.measure(threads, samples, iterations, cpuClock);
    }

    private static double maxRelDiff(double[] ours, double[] ref) {
        double diff = 0, scale = 0;
        for (int i = 0; i < ref.length; i++) {
            diff = Math.max(diff, Math.abs(ours[i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    private static double[] uniform(RandomGenerator rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextDouble(-1, 1);
        return x;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String machine(int threads) {
        return cpuModel() + ", " + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + FmaPeak.lanes() * 64 + "-bit preferred vectors, FlatLens "
                + threads + " threads";
    }

    /** Sleeps until the CPU pressure is below the threshold or the wait is over; returns the pressure then. */
    private static double awaitQuiet(Settings settings) {
        long deadline = System.nanoTime() + (long) (settings.quietWaitSeconds() * 1e9);
        double p = cpuPressure10s();
        // quietBelow 1 means never wait (a fully loaded machine reports pressure 1.0, which must not stall the run).
        if (settings.quietBelow() >= 1 || !(p >= settings.quietBelow())) return p;
        System.err.printf("bench: waiting for CPU pressure below %.0f%% (now %.0f%%), at most %.0f s (--quiet-below, "
                + "--quiet-wait)%n", settings.quietBelow() * 100, p * 100, settings.quietWaitSeconds());
        while (p >= settings.quietBelow() && System.nanoTime() < deadline) {
            pause(1000);
            p = cpuPressure10s();
        }
        return p;
    }

    /** The "some avg10" CPU pressure as a fraction, NaN if unavailable. */
    private static double cpuPressure10s() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/pressure/cpu"))) {
            return lines.filter(l -> l.startsWith("some")).map(l -> l.replaceAll(".*avg10=([0-9.]+).*", "$1"))
                    .mapToDouble(v -> Double.parseDouble(v) / 100).findFirst().orElse(Double.NaN);
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Total microseconds in which some task waited for a CPU ({@code /proc/pressure/cpu}), or -1 if unavailable. */
    private static long cpuWaitMicros() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/pressure/cpu"))) {
            return lines.filter(l -> l.startsWith("some")).map(l -> l.substring(l.indexOf("total=") + 6).trim())
                    .mapToLong(Long::parseLong).findFirst().orElse(-1);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The CPU's model name on Linux, else "CPU". */
    private static String cpuModel() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("CPU");
        } catch (java.io.IOException | RuntimeException e) {
            return "CPU";
        }
    }

    /** The OpenBLAS tuning variables as this process sees them. */
    private static List<String> openBlasEnvironment() {
        List<String> out = new ArrayList<>();
        for (String v : List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")) {
            String val = System.getenv(v);
            out.add(v + "=" + (val == null ? "(unset)" : val));
        }
        return out;
    }
}
