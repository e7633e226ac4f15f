package org.flatlens.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on standard error: redrawn in place on a terminal, and as a new line every 10% otherwise
 * (logs and CI), so long work always shows that it moves and how far it has come. {@link #working} says what runs
 * between updates (evaluating, tracking), so the bar never stands still without a word.
 *
 * <p>The time left is estimated from the rate since the bar warmed up (after the first {@value #WARMUP_FRACTION} of
 * the work, and at least {@value #WARMUP_SECONDS} s), not from the start: the first steps include the JIT compiling
 * the kernels and would predict a time several times too long. Until then the bar says "estimating".
 */
final class ProgressBar {
    static final double WARMUP_FRACTION = 0.05;
    static final double WARMUP_SECONDS = 2.0;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final Clock clock;
    private final long start;
    private long markDone = -1, markTime;
    private int lastDecile = -1;
    private long lastDraw;
    private long done;
    private boolean lineOpen;

    /** Nanosecond time source (tests pass their own). */
    interface Clock {
        long nanos();
    }

    ProgressBar(PrintStream out, String label, long total) {
        this(out, label, total, stderrIsTerminal(), System::nanoTime);
    }

    ProgressBar(PrintStream out, String label, long total, boolean terminal, Clock clock) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = terminal;
        this.clock = clock;
        this.start = clock.nanos();
    }

    /**
     * Whether standard error is a terminal: the launcher says so ({@code -Dflatlens.stderrTerminal}); otherwise the
     * JVM's console (stdin and stdout) is the best guess.
     */
    static boolean stderrIsTerminal() {
        String p = System.getProperty("flatlens.stderrTerminal");
        return p != null ? Boolean.parseBoolean(p) : System.console() != null;
    }

    /** Shows {@code done} of the total, with a short status such as the current loss. */
    void update(long done, String status) {
        long now = clock.nanos();
        this.done = done;
        double frac = Math.min(1.0, (double) done / total);
        if (markDone < 0 && (frac >= WARMUP_FRACTION && (now - start) * 1e-9 >= WARMUP_SECONDS)) {
            markDone = done;
            markTime = now;
        }
        int decile = (int) (frac * 10);
        boolean finished = done >= total;
        if (terminal) {
            if (!finished && now - lastDraw < 100_000_000L) return;
            lastDraw = now;
            int width = 30, filled = (int) Math.round(frac * width);
            out.printf("\r\033[K%s [%s%s] %d/%d %s %s", label, "#".repeat(filled), ".".repeat(width - filled), done,
                    total, eta(now), status);
            lineOpen = !finished;
            if (finished) out.println();
        } else if (decile != lastDecile || finished) {
            if (finished && lastDecile == 10) return;
            lastDecile = finished ? 10 : decile;
            out.printf("%s %3d%% %d/%d %s %s%n", label, (int) (frac * 100), done, total, eta(now), status);
        }
        out.flush();
    }

    /**
     * Says what runs now between updates (e.g. "evaluating on 500 + 500 samples"), on its own line: on a terminal it
     * replaces the bar until the next update redraws it.
     */
    void working(String what) {
        if (terminal) {
            out.printf("\r\033[K%s %d/%d: %s...", label, done, total, what);
            lineOpen = true;
        } else {
            out.printf("%s %d/%d: %s...%n", label, done, total, what);
        }
        out.flush();
    }

    /** Prints a line of its own (e.g. an evaluation's result), keeping the bar intact on a terminal. */
    void println(String line) {
        if (terminal && lineOpen) out.print("\r\033[K");
        out.println(line);
        lineOpen = false;
        lastDraw = 0;
        out.flush();
    }

    /** "12s elapsed, ~40s left" once warmed up; "12s elapsed, estimating" before. */
    String eta(long now) {
        double elapsed = (now - start) * 1e-9;
        long sinceMark = done - markDone;
        double markSeconds = (now - markTime) * 1e-9;
        if (markDone < 0 || sinceMark <= 0 || markSeconds <= 0) {
            return String.format("%.0fs elapsed, estimating", elapsed);
        }
        double left = markSeconds / sinceMark * (total - done);
        return String.format("%.0fs elapsed, ~%s left", elapsed, duration(left));
    }

    /** 42s, 3m05s, 1h02m. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format("%dm%02ds", s / 60, s % 60);
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
