package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flatlens.testutil.SyntheticMnist;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input on the command line: one line naming the problem, exit code 2, never a stack trace. */
class BadInputTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();
    private Path data;

    @BeforeEach
    void data() {
        data = SyntheticMnist.write(tmp.resolve("data"), 40, 20, 3);
    }

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    private void assertCleanError(int code, String mentions) {
        assertEquals(2, code, err.toString());
        String e = err.toString().strip();
        assertTrue(e.startsWith("flatlens: error: "), e);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), "no stack trace: " + e);
        assertTrue(e.contains(mentions), e);
    }

    private String[] train(String... extra) {
        boolean lr = java.util.Arrays.asList(extra).contains("--lr");
        String[] base = {"train", "--model", "mlp", "--option", "widths=4", "--dataset", "mnist", "--data-dir",
                data.toString(), "--lr", lr ? extra[java.util.Arrays.asList(extra).indexOf("--lr") + 1] : "0.1",
                "--batch", "4", "--steps", "2", "--out", tmp.resolve("run").toString()};
        if (lr) extra = new String[0];
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void classesTheDataDoesNotHave() {
        assertCleanError(run(train("--classes", "0,12")), "12");
    }

    @Test
    void unknownArchitectureOption() {
        assertCleanError(run(train("--option", "depth=3")), "depth");
    }

    @Test
    void truncatedDataFile() throws Exception {
        Path f = data.resolve("train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 100));
        assertCleanError(run(train()), "train-images-idx3-ubyte");
    }

    @Test
    void mistypedOptionGetsOneLineAndAPointerToHelp() {
        assertCleanError(run(train("--steps-typo", "3")), "--steps-typo");
        assertTrue(err.toString().contains("flatlens train --help"), err.toString());
    }

    @Test
    void nonFiniteLearningRate() {
        assertCleanError(run(train("--lr", "NaN")), "learning rate");
    }
}
