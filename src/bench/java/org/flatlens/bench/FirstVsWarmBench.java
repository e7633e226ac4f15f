package org.flatlens.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flatlens.cli.Main;
import picocli.CommandLine;

/**
 * Guards against JIT regressions in the analysis a user runs once per checkpoint: runs {@code flatlens measure} with the
 * given arguments several times in one JVM, and compares the first run (what a cold {@code ./flatlens measure} pays:
 * interpreted code, then compilation on the same two cores) with the fastest later run (compiled code). Each measure's
 * stage time is printed for the first and the fastest run, so a stage that warms up badly (a pipeline much slower than
 * its kernels until the JIT has seen it) shows by name.
 *
 * <p>Usage: {@code scripts/bench/run.sh FirstVsWarmBench [--runs N] [--max-ratio R] -- MEASURE-ARGS...}, e.g.
 * {@code ... -- --run RUN --dataset fashion-mnist --classes 0,1 --samples 500 --probes 6 --top-k 1}. Exit code 1 when
 * the first run took more than R times the fastest (default R = 2, issue 20's target; N = 3 runs).
 */
public final class FirstVsWarmBench {
    private static final Pattern STAGE = Pattern.compile("^ {2}(.+) done in ([0-9.]+) s");

    private FirstVsWarmBench() {}

    public static void main(String[] args) {
        int runs = 3;
        double maxRatio = 2.0;
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--max-ratio" -> maxRatio = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: FirstVsWarmBench [--runs N] [--max-ratio R] -- MEASURE-ARGS...)");
            }
        }
        if (runs < 2) throw new IllegalArgumentException("--runs must be at least 2");
        String[] measure = new String[args.length - i];
        measure[0] = "measure";
        System.arraycopy(args, Math.min(args.length, i + 1), measure, 1, measure.length - 1);

        double[] seconds = new double[runs];
        List<Map<String, Double>> stages = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(Writer.nullWriter()));
            cl.setErr(new PrintWriter(err));
            long start = System.nanoTime();
            int code = cl.execute(measure);
            seconds[r] = (System.nanoTime() - start) * 1e-9;
            if (code != 0) {
                System.err.print(err);
                throw new IllegalStateException("measure exited with code " + code);
            }
            stages.add(stages(err.toString()));
            System.out.printf("run %d: %.2f s%n", r + 1, seconds[r]);
        }
        int best = 1;
        for (int r = 2; r < runs; r++) if (seconds[r] < seconds[best]) best = r;
        System.out.printf("%-34s %9s %9s %7s%n", "stage", "first s", "warm s", "ratio");
        for (var e : stages.get(0).entrySet()) {
            double warm = stages.get(best).getOrDefault(e.getKey(), Double.NaN);
            System.out.printf("%-34s %9.2f %9.2f %7.2f%n", e.getKey(), e.getValue(), warm, e.getValue() / warm);
        }
        double ratio = seconds[0] / seconds[best];
        System.out.printf("first %.2f s, warm %.2f s (fastest of runs 2-%d: %s), ratio %.2f (target ≤ %.2f): %s%n",
                seconds[0], seconds[best], runs, Arrays.toString(Arrays.copyOfRange(seconds, 1, runs))
                        .replaceAll("(\\.\\d\\d)\\d+", "$1"), ratio, maxRatio, ratio <= maxRatio ? "ok" : "TOO SLOW");
        System.exit(ratio <= maxRatio ? 0 : 1);
    }

    /** Each measure's time from {@code measure}'s progress lines ("  NAME done in S s"). */
    private static Map<String, Double> stages(String err) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : err.split("\n")) {
            Matcher m = STAGE.matcher(line);
            if (m.find()) out.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return out;
    }
}
