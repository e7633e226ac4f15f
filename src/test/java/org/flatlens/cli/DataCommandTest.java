package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void cifarFetchExplainsWhereToPutTheFiles() {
        assertEquals(2, run("data", "fetch", "cifar10", "--dir", tmp.toString()));
        assertTrue(err.toString().startsWith("flatlens data fetch: CIFAR-10 cannot be downloaded here"),
                err.toString());
        assertEquals(1, err.toString().strip().lines().count(), "one line, no stack trace: " + err);
    }

    @Test
    void unknownDatasetIsAUsageError() {
        assertEquals(2, run("data", "fetch", "svhn"));
        assertTrue(err.toString().contains("unknown dataset 'svhn' (expected one of mnist, fashion-mnist, cifar10)"));
        assertEquals(2, run("data", "info", "--dir", tmp.toString()));
    }

    @Test
    void infoReportsCountsOfPresentFiles() throws IOException {
        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), idx(0x803, 2, 28, 28));
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte"), idx(0x801, 2));
        // An absent split is reported, not an error: exit 0.
        assertEquals(0, run("data", "info", "mnist", "--dir", tmp.toString()));
        String o = out.toString();
        assertTrue(o.contains("mnist/test: 2 samples of [1, 28, 28], label counts [2, 0, 0"), o);
        assertTrue(o.contains("train: absent: mnist train: train-images-idx3-ubyte(.gz) not found"), o);
    }

    @Test
    void infoOnAnAbsentDatasetExitsZero() {
        assertEquals(0, run("data", "info", "cifar10", "--dir", tmp.resolve("nothing-here").toString()));
        assertTrue(out.toString().contains("absent"), out.toString());
    }

    @Test
    void infoOnAPresentButMalformedFileExitsTwo() throws IOException {
        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), new byte[] {1, 2, 3});
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte"), idx(0x801, 2));
        assertEquals(2, run("data", "info", "mnist", "--dir", tmp.toString()));
        assertTrue(out.toString().contains("test: unreadable: "), out.toString());
    }

    /**
     * Issue 15: {@code data} caught every IllegalArgumentException as the user's error, so a bug in a reader was shown
     * as "unreadable" with exit 2. Only a {@code UserInputException} (or an I/O failure) is the user's; anything else
     * reaches Main's rule: "internal error (a bug ...)", exit 1.
     */
    @Test
    void aBugInAReaderIsReportedAsABugNotAsBadData() throws IOException {
        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), idx(0x803, 2, 28, 28));
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte"), idx(0x801, 2));
        DataCommand.Info info = new DataCommand.Info();
        info.reader = (name, split, dir) -> {
            throw new IllegalArgumentException("index 7 out of bounds for length 4");
        };
        assertEquals(1, runInfo(info, "mnist", "--dir", tmp.toString()));
        assertTrue(err.toString().startsWith("flatlens: internal error (a bug, please report it): "
                + "IllegalArgumentException: index 7 out of bounds for length 4"), err.toString());

        DataCommand.Info bad = new DataCommand.Info();
        bad.reader = (name, split, dir) -> {
            throw new org.flatlens.data.DataFormatException(dir.resolve("x"), "truncated");
        };
        assertEquals(2, runInfo(bad, "mnist", "--dir", tmp.toString()));
        assertTrue(out.toString().contains("test: unreadable: "), out.toString());
    }

    private int runInfo(DataCommand.Info info, String... args) {
        CommandLine cl = new CommandLine(info);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(Main::handle);
        return cl.execute(args);
    }

    /** An IDX file of zero bytes after the header: dims as given, all elements 0. */
    private static byte[] idx(int magic, int... dims) {
        int n = 1;
        for (int d : dims) n *= d;
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + n).putInt(magic);
        for (int d : dims) b.putInt(d);
        return b.array();
    }
}
