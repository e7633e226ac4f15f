package org.flatlens.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on standard error: redrawn in place on a terminal, and as a new line every 10% otherwise
 * (logs and CI), so long work always shows that it moves and how far it has come.
 */
final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int lastDecile = -1;
    private long lastDraw;

    ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = System.console() != null;
    }

    /** Shows {@code done} of the total, with a short status such as the current loss. */
    void update(long done, String status) {
        long now = System.nanoTime();
        double frac = Math.min(1.0, (double) done / total);
        int decile = (int) (frac * 10);
        boolean finished = done >= total;
        if (terminal) {
            if (!finished && now - lastDraw < 100_000_000L) return;
            lastDraw = now;
            int width = 30, filled = (int) Math.round(frac * width);
            out.printf("\r%s [%s%s] %d/%d %s %s", label, "#".repeat(filled), ".".repeat(width - filled), done, total,
                    eta(frac, now), status);
            if (finished) out.println();
        } else if (decile != lastDecile || finished) {
            if (finished && lastDecile == 10) return;
            lastDecile = finished ? 10 : decile;
            out.printf("%s %3d%% %d/%d %s %s%n", label, (int) (frac * 100), done, total, eta(frac, now), status);
        }
        out.flush();
    }

    private String eta(double frac, long now) {
        double elapsed = (now - start) * 1e-9;
        if (frac <= 0) return String.format("%.0fs", elapsed);
        double left = elapsed * (1 - frac) / frac;
        return String.format("%.0fs elapsed, ~%.0fs left", elapsed, left);
    }
}
