package org.difflab.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FitProgressTest {

    @Test
    void reportsSolvesAgainstTheBudgetAndTheBestRmsSoFar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FitProgress progress = new FitProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "4-step grid",
                30, 0);   // a line for every solve
        double[] first = {0.3, 0.4};   // RMS sqrt(0.09 + 0.16) = 0.5
        assertThat(progress.solved(first)).isSameAs(first);
        assertThat(progress.solved(null)).isNull();               // a failed solve counts, and leaves the best
        progress.solved(new double[] {0.6, 0.8});                  // 1.0: worse, the best stays 0.5
        progress.solved(new double[] {0.0, 0.2});                  // 0.2
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().map(l -> l.replaceAll(", \\d+ s$", "")))
                .containsExactly(
                        "  4-step grid: 1 of at most 30 solves, best RMS so far 0.5000",
                        "  4-step grid: 2 of at most 30 solves, best RMS so far 0.5000",
                        "  4-step grid: 3 of at most 30 solves, best RMS so far 0.5000",
                        "  4-step grid: 4 of at most 30 solves, best RMS so far 0.2000");
    }

    @Test
    void staysSilentWithinItsIntervalAndWithoutAStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FitProgress quiet = new FitProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "grid", 10,
                Long.MAX_VALUE);
        quiet.solved(new double[] {1.0});
        assertThat(bytes.size()).isZero();
        double[] r = {1.0};
        assertThat(new FitProgress(null, "grid", 10, 0).solved(r)).isSameAs(r);
    }
}
