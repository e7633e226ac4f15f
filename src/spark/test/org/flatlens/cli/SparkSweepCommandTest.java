package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flatlens.data.DatasetName;
import org.flatlens.data.FolderLock;
import org.flatlens.experiments.FileDataProvider;
import org.flatlens.experiments.ResultsTables;
import org.flatlens.spark.SummaryParquet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code flatlens sweep --executor spark} as the command line runs it (the Spark executor found on the class path):
 * the paper preset's {@code sweep.yaml} from {@code demo --preset paper --config-only}, scaled down only by its own
 * options ({@code --seeds 1 --steps 1}: 6 runs of the 784-500-500-500-2 MLP on all 12,000 samples), runs unchanged on
 * the local executor and on Spark with identical files; and the sweep folder's lock stops a second driver. Needs
 * FashionMNIST (skipped without it; CI fetches it).
 */
class SparkSweepCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void thePaperPresetRunsUnchangedOnBothExecutorsWithTheSameFiles() throws IOException {
        assumeTrue(Files.isDirectory(new FileDataProvider(null).directory(DatasetName.FASHION_MNIST)),
                "FashionMNIST is not fetched");
        assertEquals(0, run("demo", "--preset", "paper", "--seeds", "1", "--steps", "1", "--config-only", "--out",
                tmp.resolve("cfg").toString()), err.toString());
        String config = tmp.resolve("cfg/sweep.yaml").toString();
        assertEquals(0, run("sweep", "--config", config, "--out", tmp.resolve("local").toString()), err.toString());
        assertEquals(0, run("sweep", "--config", config, "--out", tmp.resolve("spark").toString(), "--executor",
                "spark", "--master", "local[2]"), err.toString());
        Map<String, byte[]> local = files(tmp.resolve("local")), spark = files(tmp.resolve("spark"));
        assertEquals(local.keySet(), spark.keySet());
        for (String k : local.keySet()) assertArrayEquals(local.get(k), spark.get(k), k);
        assertEquals(6, Files.readAllLines(tmp.resolve("spark").resolve(ResultsTables.SUMMARY)).size() - 1);
        assertTrue(Files.isDirectory(tmp.resolve("spark").resolve(SummaryParquet.NAME)));
    }

    @Test
    void aSecondDriverOnTheSameSweepFolderStopsAtOnce() throws IOException {
        Path out = tmp.resolve("busy");
        Path config = Files.writeString(tmp.resolve("s.yaml"), "model: {arch: mlp}\ndataset: mnist\nlr: 0.1\n"
                + "batch_size: 8\nsteps: 1\n");
        try (FolderLock first = FolderLock.acquire(out)) {
            assertEquals(Main.EXIT_BAD_INPUT, run("sweep", "--config", config.toString(), "--out", out.toString(),
                    "--executor", "spark", "--master", "local[1]"));
        }
        assertTrue(err.toString().contains("is in use by process"), err.toString());
        assertTrue(Files.notExists(out.resolve("runs")), "nothing ran");
    }

    /** Every file of the sweep folder but the Parquet table (the local executor writes none) and the lock files. */
    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String k = root.relativize(p).toString();
                // A lock file names the process that held it: the same JVM here, but not a fact about the results.
                if (k.startsWith(SummaryParquet.NAME) || p.getFileName().toString().equals(FolderLock.FILE_NAME)) {
                    continue;
                }
                m.put(k, Files.readAllBytes(p));
            }
        }
        return m;
    }
}
