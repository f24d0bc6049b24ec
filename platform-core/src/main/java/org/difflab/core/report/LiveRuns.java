package org.difflab.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of a sweep's runs as they are now: a finished run's directory, or the hidden staging directory of one
 * still running ({@code .<run-id>.partial.*}, renamed into place when complete), whose {@code loss.csv} grows while it
 * trains.
 */
final class LiveRuns {

    private LiveRuns() {}

    /** The staging directory of a run in progress, if any (the newest, should a killed attempt have left one). */
    static Optional<Path> staging(Path experimentDirectory, String runId) {
        if (!Files.isDirectory(experimentDirectory)) {
            return Optional.empty();
        }
        try (Stream<Path> siblings = Files.list(experimentDirectory)) {
            return siblings.filter(p -> p.getFileName().toString().startsWith("." + runId + ".partial."))
                    .filter(Files::isDirectory)
                    .max(Comparator.comparing(LiveRuns::modified));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + experimentDirectory, e);
        }
    }

    /** The run's loss.csv: the finished run's, else the one being written. */
    static Optional<Path> lossFile(Path experimentDirectory, String runId) {
        Path done = experimentDirectory.resolve(runId).resolve("loss.csv");
        if (Files.isRegularFile(done)) {
            return Optional.of(done);
        }
        return staging(experimentDirectory, runId).map(s -> s.resolve("loss.csv")).filter(Files::isRegularFile);
    }

    /** The (step, loss) rows of a loss.csv; a last line not yet ended by a newline is skipped. */
    static List<double[]> losses(Path csv) {
        List<double[]> rows = new ArrayList<>();
        try {
            String text = Files.readString(csv);
            List<String> lines = new ArrayList<>(text.lines().toList());
            if (!text.endsWith("\n") && !lines.isEmpty()) {
                lines.remove(lines.size() - 1);   // being written: "3,1." may be the start of "3,1.25"
            }
            for (String line : lines) {
                String[] cells = line.split(",");
                if (cells.length != 2) {
                    continue;
                }
                try {
                    rows.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1])});
                } catch (NumberFormatException e) {
                    // the header, or a line cut short by a flush in progress
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        return rows;
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
