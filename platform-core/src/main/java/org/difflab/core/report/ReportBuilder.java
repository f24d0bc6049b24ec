package org.difflab.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.sweep.SweepManifest;

/**
 * Builds a sweep's summary.csv, plots/*.png and report.html from what is on disk (so a sweep merged from
 * several machines, or one still running elsewhere, can be reported at any time). Every file is written
 * atomically.
 */
public final class ReportBuilder {

    private ReportBuilder() {}

    /**
     * What was built.
     *
     * @param results the gathered results
     * @param summary the summary.csv file
     * @param report the report.html file
     * @param plots number of plots
     */
    public record Built(SweepResults results, Path summary, Path report, int plots) {}

    /** Builds the report of the sweep in {@code sweepDirectory}. */
    public static Built build(Path sweepDirectory) {
        SweepResults results = SweepResults.load(sweepDirectory);
        Path summary = sweepDirectory.resolve("summary.csv");
        AtomicFiles.writeString(summary, SummaryCsv.text(results));
        List<MetricPlots.Plot> plots = MetricPlots.of(results);
        Path plotDirectory = sweepDirectory.resolve("plots");
        for (MetricPlots.Plot plot : plots) {
            AtomicFiles.write(plotDirectory.resolve(plot.file()), plot.png());
        }
        Path report = sweepDirectory.resolve("report.html");
        AtomicFiles.writeString(report, HtmlReport.html(results, plots));
        return new Built(results, summary, report, plots.size());
    }

    /**
     * The sweep directories under {@code directory}: a results root, an experiment directory, or a sweep
     * directory itself (any directory holding manifest.json inside a {@code sweeps/} folder).
     */
    public static List<Path> findSweeps(Path directory) {
        try (Stream<Path> walk = Files.walk(directory, 6)) {
            return walk.filter(p -> p.getFileName().toString().equals(SweepManifest.FILE))
                    .map(Path::getParent)
                    .filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("sweeps"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
    }
}
