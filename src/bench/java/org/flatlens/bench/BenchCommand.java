package org.flatlens.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.flatlens.bench.GemmBenchmark.Report;
import org.flatlens.tensor.kernels.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The matrix-multiply benchmark of BENCHMARKS.md ({@code mvn -Pbench compile exec:exec}, or
 * {@code scripts/bench/run.sh BenchCommand} without OpenBLAS). OpenBLAS is measured when the binding is on the class
 * path ({@code mvn -Pbench}); since OpenBLAS reads its tuning variables once at load, the "env unset" run
 * happens in a child JVM started with {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE} removed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Matrix-multiply benchmark: FlatLens Gemm vs OpenBLAS (with -Pbench) and the FMA peak.")
public final class BenchCommand implements Callable<Integer> {
    static final List<String> TUNING_VARIABLES = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");

    /** Which OpenBLAS environments to measure. */
    enum OpenBlasEnv { both, as_is, unset }

    @Option(names = "--samples", defaultValue = "7", description = "Timed samples per implementation and shape.")
    int samples;
    @Option(names = "--warmup", defaultValue = "1.0", description = "Warm-up seconds per implementation and shape.")
    double warmup;
    @Option(names = "--sample-seconds", defaultValue = "0.25", description = "Target length of one sample.")
    double sampleSeconds;
    @Option(names = "--square", split = ",", defaultValue = "256,512,1024,2048", description = "Square sizes.")
    int[] square;
    @Option(names = "--no-training", description = "Skip the 784→500 dense-layer training shapes.")
    boolean noTraining;
    @Option(names = "--no-square", description = "Skip the square shapes.")
    boolean noSquare;
    @Option(names = "--openblas-env", defaultValue = "both",
            description = "both: also measure OpenBLAS in a child JVM without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE; "
                    + "as_is: only with the environment as it is; unset: only in that child JVM.")
    OpenBlasEnv openBlasEnv;
    @Option(names = "--quiet-below", defaultValue = "1",
            description = "Before each shape wait until CPU pressure (Linux PSI avg10) is below this fraction; 1: never.")
    double quietBelow;
    @Option(names = "--quiet-wait", defaultValue = "120", description = "Longest such wait, seconds.")
    double quietWait;
    @Option(names = "--cpu-clock", description = "Time by the calling thread's CPU time (needs -Dflatlens.threads=1): "
            + "compares single-thread kernels on a machine shared with other work.")
    boolean cpuClock;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random operands.")
    long seed;
    @Option(names = "--json", hidden = true, description = "Print the report as JSON (used for the child run).")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<GemmShape> shapes = new ArrayList<>(noSquare ? List.of() : GemmShape.squares(square));
        if (!noTraining) shapes.addAll(GemmShape.training());
        var settings = new GemmBenchmark.Settings(samples, warmup, sampleSeconds, quietBelow, quietWait, cpuClock);
        if (openBlasEnv == OpenBlasEnv.unset && !json) {
            printUnset(runChildWithoutTuningVariables());
            return 0;
        }
        var reference = ReferenceGemm.load(Parallel.threads());
        Report asIs = GemmBenchmark.run(shapes, settings, reference, new SplittableRandom(seed));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(asIs));
            return 0;
        }
        System.out.println("## OpenBLAS environment as is\n");
        System.out.println(GemmTables.run(asIs));
        if (reference.isEmpty() || openBlasEnv == OpenBlasEnv.as_is) return 0;
        Report unset = runChildWithoutTuningVariables();
        printUnset(unset);
        System.out.println("## FlatLens against the faster OpenBLAS\n");
        System.out.println(GemmTables.versusFasterReference(asIs, unset));
        return 0;
    }

    private static void printUnset(Report unset) {
        System.out.println("## OpenBLAS tuning variables unset (" + String.join(", ", TUNING_VARIABLES) + ")\n");
        System.out.println(GemmTables.run(unset));
    }

    /** The same benchmark in a child JVM whose environment lacks the OpenBLAS tuning variables. */
    private Report runChildWithoutTuningVariables() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchCommand.class.getName(), "--json",
                "--samples", "" + samples, "--warmup", "" + warmup, "--sample-seconds", "" + sampleSeconds,
                "--seed", "" + seed, "--square", joined(square), "--quiet-below", "" + quietBelow,
                "--quiet-wait", "" + quietWait));
        if (noTraining) cmd.add("--no-training");
        if (noSquare) cmd.add("--no-square");
        if (cpuClock) cmd.add("--cpu-clock");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        TUNING_VARIABLES.forEach(pb.environment()::remove);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("child benchmark failed with exit code " + p.exitValue());
        return new ObjectMapper().readValue(out.substring(out.indexOf('{')), Report.class);
    }

    private static String joined(int[] xs) {
        StringBuilder sb = new StringBuilder();
        for (int x : xs) sb.append(sb.length() == 0 ? "" : ",").append(x);
        return sb.toString();
    }

    /** Runs the benchmark without the rest of the command line ({@code mvn -Pbench compile exec:exec}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
