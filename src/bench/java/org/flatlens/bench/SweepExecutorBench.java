package org.flatlens.bench;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.flatlens.experiments.FileDataProvider;
import org.flatlens.experiments.LocalExecutor;
import org.flatlens.experiments.MeasureSuites;
import org.flatlens.experiments.RunAttempt;
import org.flatlens.experiments.RunExecutor;
import org.flatlens.experiments.RunExecutorFactory;
import org.flatlens.experiments.RunResult;
import org.flatlens.experiments.RunSpec;
import org.flatlens.experiments.SweepListener;
import org.flatlens.experiments.SweepRunner;
import org.flatlens.experiments.SweepYaml;

/**
 * The local executor against Spark's local mode on the same small sweep (BENCHMARKS.md "Sweeps on Spark"): the
 * overhead Spark adds per run (task scheduling, the broadcast, the private attempt folder and its rename, the Parquet
 * table), and the throughput with 1 and 2 runs at a time on each executor. Every configuration trains the same sweep
 * into a fresh folder, rounds alternate the order, and the median of the rounds is reported; the first round is a
 * warm-up (JIT, dataset read) and not counted. Spark is found through {@link RunExecutorFactory} as {@code flatlens
 * sweep --executor spark} finds it, so this class compiles without Spark:
 * {@code scripts/bench/run.sh --spark SweepExecutorBench [ROUNDS] [RUNS] [STEPS]}, with {@code -Dflatlens.threads=1}
 * (set by the script's caller through BENCH_JAVA_OPTS) so that two runs at a time use two cores. Needs FashionMNIST.
 */
public final class SweepExecutorBench {
    private SweepExecutorBench() {}

    /** The sweep: RUNS runs (learning rates x seeds) of a small MLP on 256 FashionMNIST samples, tracked twice. */
    static List<RunSpec> sweep(int runs, int steps) {
        StringBuilder seeds = new StringBuilder();
        for (int i = 0; i < (runs + 1) / 2; i++) seeds.append(i == 0 ? "" : ", ").append(i);
        String yaml = "model: {arch: mlp, options: {widths: [64, 64], activation: tanh}}\n"
                + "dataset: fashion-mnist\nclasses: [0, 1]\nloss: mse\nlr: [0.05, 0.1]\nbatch_size: 8\n"
                + "steps: " + steps + "\nseed: [" + seeds + "]\ntrain_samples: 256\ntest_samples: 128\n"
                + "checkpoint_every: " + Math.max(1, steps / 4) + "\n"
                + "track: {every: " + Math.max(1, steps / 2) + ", samples: 5, test_samples: 5}\n";
        List<RunSpec> all = SweepYaml.parse(yaml, "bench sweep.yaml").runSpecs();
        return all.subList(0, Math.min(runs, all.size()));
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        List<RunSpec> specs = sweep(runs, steps);
        RunExecutorFactory spark = ServiceLoader.load(RunExecutorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("spark")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the Spark executor is not on the class path: run "
                        + "with scripts/bench/run.sh --spark"));
        System.out.printf("sweep: %d runs x %d steps (mlp 784-64-64-2, batch 8, tracked at 2 points); "
                + "flatlens.threads=%s; %d timed rounds after a warm-up round%n", specs.size(), steps,
                System.getProperty("flatlens.threads", "all cores"), rounds);
        Path tmp = Files.createTempDirectory("flatlens-sweep-bench");
        Map<String, double[]> seconds = new LinkedHashMap<>();
        List<String> names = List.of("local 1", "spark local[1]", "local 2", "spark local[2]");
        for (String n : names) seconds.put(n, new double[rounds]);
        double[] sessionStart = new double[rounds + 1];
        for (int round = 0; round <= rounds; round++) {
            List<String> order = new ArrayList<>(names);
            if (round % 2 == 1) java.util.Collections.reverse(order);
            for (String n : order) {
                Path out = tmp.resolve("r" + round + "-" + n.replaceAll("[^a-z0-9]", ""));
                int slots = n.endsWith("2") || n.endsWith("[2]") ? 2 : 1;
                long t0 = System.nanoTime();
                RunExecutor ex = n.startsWith("spark") ? spark.create("local[" + slots + "]", slots)
                        : new LocalExecutor(slots);
                long t1 = System.nanoTime();
                if (n.startsWith("spark")) sessionStart[round] = (t1 - t0) * 1e-9;
                try (ex) {
                    List<RunResult> r = new SweepRunner(out, new FileDataProvider(null), MeasureSuites.standard(), ex,
                            SweepListener.NONE).run(specs);
                    if (r.stream().anyMatch(x -> !x.status().equals("finished") && !x.status().equals("diverged"))) {
                        throw new IllegalStateException(n + ": a run failed: " + r);
                    }
                }
                double s = (System.nanoTime() - t1) * 1e-9;
                if (round > 0) seconds.get(n)[round - 1] = s;
                System.out.printf("round %d %-15s %7.2f s%n", round, n, s);
                RunAttempt.deleteTree(out);
            }
        }
        Map<String, Double> median = new LinkedHashMap<>();
        for (String n : names) median.put(n, Timing.of(seconds.get(n), 1).medianSeconds());
        System.out.println();
        System.out.printf("%-15s %9s %12s %9s%n", "executor", "sweep s", "s per run", "runs/min");
        for (String n : names) {
            double s = median.get(n);
            System.out.printf("%-15s %9.2f %12.3f %9.1f%n", n, s, s / specs.size(), 60 * specs.size() / s);
        }
        int n = specs.size();
        System.out.printf("%nSpark's overhead per run: %.3f s at 1 slot, %.3f s at 2 (sweep time difference / runs); "
                + "ratio spark/local %.2f and %.2f%n", (median.get("spark local[1]") - median.get("local 1")) / n,
                (median.get("spark local[2]") - median.get("local 2")) / n,
                median.get("spark local[1]") / median.get("local 1"), median.get("spark local[2]") / median.get("local 2"));
        System.out.printf("throughput 2 slots / 1 slot: local %.2fx, spark %.2fx%n",
                median.get("local 1") / median.get("local 2"), median.get("spark local[1]") / median.get("spark local[2]"));
        double[] starts = java.util.Arrays.copyOfRange(sessionStart, 1, rounds + 1);
        System.out.printf("Spark session start (not in the sweep times): median %.2f s%n",
                Timing.of(starts, 1).medianSeconds());
        deleteQuietly(tmp);
    }

    private static void deleteQuietly(Path p) {
        try {
            RunAttempt.deleteTree(p);
        } catch (UncheckedIOException e) {
            System.err.println("could not delete " + p + ": " + e.getMessage());
        }
    }

}
