package org.difflab.core.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * loss.csv while training runs: the rows so far (those restored from a checkpoint first), appended step by step
 * and flushed every log interval, so {@code difflab report} and a plain {@code tail -f} see the curve grow. It is
 * written in the run's staging directory; at the end {@link LossCurve} writes the same file whole.
 */
final class LiveLoss implements AutoCloseable {

    private final BufferedWriter writer;
    private final int flushEvery;

    LiveLoss(Path csv, List<double[]> restored, int flushEvery) {
        this.flushEvery = Math.max(1, flushEvery);
        try {
            writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
            writer.write("step,loss\n");
            for (double[] row : restored) {
                append(row[0], row[1]);
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv, e);
        }
    }

    /** Adds the loss of {@code step}; flushes on multiples of the log interval. */
    void add(int step, double loss) {
        try {
            append(step, loss);
            if (step % flushEvery == 0) {
                writer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(double step, double loss) throws IOException {
        writer.write((long) step + "," + loss + "\n");
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
