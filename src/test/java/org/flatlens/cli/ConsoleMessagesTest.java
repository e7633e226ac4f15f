package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a newcomer sees first: time claims in step with the README, suggestions for typos, the progress bar. */
class ConsoleMessagesTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ");
    }

    @Test
    void demoDurationIsStatedOnceAndQuotedByHelpAndReadme() throws Exception {
        String readme = oneLine(Files.readString(Path.of("README.md")));
        assertTrue(readme.contains(DemoPresets.DURATION), "README.md must quote DemoPresets.DURATION word for word");
        run("--help");
        assertTrue(oneLine(out.toString()).contains(DemoPresets.DURATION), out.toString());
        out.getBuffer().setLength(0);
        run("demo", "--help");
        assertTrue(oneLine(out.toString()).contains(DemoPresets.DURATION), out.toString());
    }

    @Test
    void unknownOptionIsNamedWithTheNearestOneEvenWhenARequiredOptionIsMissing() {
        assertEquals(2, run("train", "--learning-rate", "0.1", "--batch", "8", "--steps", "3", "--out", "x",
                "--model", "mlp", "--dataset", "mnist"));
        String e = err.toString();
        assertTrue(e.contains("unknown option '--learning-rate' (did you mean --lr?)"), e);
    }

    @Test
    void mistypedOptionGetsTheNearestName() {
        assertEquals(2, run("train", "--step", "3"));
        assertTrue(err.toString().contains("unknown option '--step' (did you mean --steps?)"), err.toString());
    }

    @Test
    void mistypedCommandGetsTheNearestCommand() {
        assertEquals(2, run("trian", "--lr", "0.1"));
        assertTrue(err.toString().contains("unknown command 'trian' (did you mean train?)"), err.toString());
        assertTrue(err.toString().contains("flatlens --help"), err.toString());
    }

    @Test
    void wordFarFromEveryCommandListsThem() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString().contains("unknown command 'frobnicate' (commands: "), err.toString());
    }

    @Test
    void optionValuesThatLookLikeOptionsAreNotFlagged() {
        assertEquals(Suggestions.unknownArgument(Main.commandLine().getCommandSpec(),
                java.util.List.of("train", "--lr", "-0.1", "--option", "widths=4")), java.util.Optional.empty());
    }

    @Test
    void distanceCountsTranspositionsAsOneEdit() {
        assertEquals(1, Suggestions.distance("trian", "train"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }

    /** A clock the test moves by hand, in seconds. */
    private static final class FakeClock implements ProgressBar.Clock {
        double seconds;

        @Override
        public long nanos() {
            return (long) (seconds * 1e9);
        }
    }

    @Test
    void etaWaitsForTheWarmUpAndThenUsesTheRateSinceIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FakeClock clock = new FakeClock();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "train", 1000, false,
                clock);
        clock.seconds = 4;                      // the first step pays the JIT: 4 s
        bar.update(1, "");
        assertTrue(bar.eta(clock.nanos()).endsWith("estimating"), bar.eta(clock.nanos()));
        clock.seconds = 6;                      // then 0.02 s per step: warmed up at 5% (step 50)
        bar.update(100, "");
        clock.seconds = 8;
        bar.update(200, "");
        // 100 steps in 2 s since the mark: 800 steps left take 16 s (from the start the estimate would be 32 s).
        assertEquals("8s elapsed, ~16s left", bar.eta(clock.nanos()));
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(!log.contains("\033") && !log.contains("\r"), "no escape codes in a log: " + log);
    }

    @Test
    void workingSaysWhatRunsBetweenUpdates() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "train", 10, false,
                new FakeClock());
        bar.update(5, "");
        bar.working("evaluating on 500 training samples");
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("train 5/10: evaluating on 500 training samples..."),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void durationsReadAsAPersonWouldWriteThem() {
        assertEquals("42s", ProgressBar.duration(42));
        assertEquals("3m05s", ProgressBar.duration(185));
        assertEquals("1h02m", ProgressBar.duration(3720));
    }
}
