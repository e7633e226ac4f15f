package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.flatlens.tensor.UserInputException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Exit codes: user input (and the file system) is 2, anything else is a bug (1) and says so. */
class ExitCodeTest {
    private final StringWriter err = new StringWriter();

    private int handle(Exception e) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return Main.handle(e, cl, null);
    }

    @Test
    void userInputIsExitTwoWithOneLine() {
        assertEquals(2, handle(new UserInputException("run.json: unknown key 'x'")));
        assertEquals("flatlens: error: run.json: unknown key 'x'", err.toString().strip());
    }

    @Test
    void fileSystemFailureIsExitTwo() {
        assertEquals(2, handle(new UncheckedIOException("cannot write a: No space left on device",
                new java.io.IOException("No space left on device"))));
        assertTrue(err.toString().contains("No space left on device"), err.toString());
    }

    @Test
    void aViolatedInvariantIsABugNotBadInput() {
        assertEquals(1, handle(new IllegalArgumentException("parameter and gradient counts differ")));
        String e = err.toString().strip();
        assertTrue(e.startsWith("flatlens: internal error (a bug, please report it): "), e);
        assertTrue(e.contains("parameter and gradient counts differ"), "the message is kept: " + e);
        assertTrue(!e.contains("\tat "), "no stack trace without FLATLENS_DEBUG: " + e);
    }

    @Test
    void anIllegalStateIsABug() {
        assertEquals(1, handle(new IllegalStateException("Tracker.afterStep before onStart")));
        assertTrue(err.toString().contains("IllegalStateException: Tracker.afterStep before onStart"), err.toString());
    }
}
