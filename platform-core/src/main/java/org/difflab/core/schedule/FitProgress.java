package org.difflab.core.schedule;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long fit: at most one line per interval, with the solves done against the budget, the best RMS on
 * the optimisation draws so far and the time taken, so that a fit of tens of thousands of draws (half an hour) is
 * not silent. Nothing is printed for a fit shorter than one interval.
 */
final class FitProgress {

    private static final long INTERVAL_NANOS = 30_000_000_000L;

    private final PrintStream out;   // null: silent
    private final String what;
    private final int budget;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long lastLine = start;
    private int solves;
    private double best = Double.POSITIVE_INFINITY;

    FitProgress(PrintStream out, String what, int budget) {
        this(out, what, budget, INTERVAL_NANOS);
    }

    FitProgress(PrintStream out, String what, int budget, long intervalNanos) {
        this.out = out;
        this.what = what;
        this.budget = budget;
        this.intervalNanos = intervalNanos;
    }

    /** Records one solve of the optimisation draws (its residuals; null if the solve failed) and returns them. */
    double[] solved(double[] residuals) {
        solves++;
        best = Math.min(best, Math.sqrt(LevenbergMarquardt.sumOfSquares(residuals)));   // infinite if it failed
        long now = System.nanoTime();
        if (out != null && now - lastLine >= intervalNanos) {
            lastLine = now;
            out.printf(Locale.ROOT, "  %s: %d of at most %d solves, best RMS so far %.4g, %.0f s%n", what, solves,
                    budget, best, (now - start) / 1e9);
        }
        return residuals;
    }
}
