package org.difflab.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
     * @param plots number of plots drawn
     * @param plotFailures plots that could not be drawn (listed in the report too)
     */
    public record Built(SweepResults results, Path summary, Path report, int plots,
            List<MetricPlots.Failure> plotFailures) {}

    /**
     * Builds the report of the sweep in {@code sweepDirectory}: the summary first, then the plots, then the page.
     * A plot that cannot be drawn costs only itself; plots of an earlier build that this one did not draw again
     * are removed, so plots/ never shows a stale picture.
     */
    public static Built build(Path sweepDirectory) {
        return build(sweepDirectory, java.util.function.Supplier::get);
    }

    static Built build(Path sweepDirectory, MetricPlots.Renderer renderer) {
        SweepResults results = SweepResults.load(sweepDirectory);
        Path summary = sweepDirectory.resolve("summary.csv");
        AtomicFiles.writeString(summary, SummaryCsv.text(results));
        MetricPlots.Plots plots;
        try {
            plots = MetricPlots.of(results, renderer);
        } catch (RuntimeException e) {
            plots = new MetricPlots.Plots(List.of(), List.of(new MetricPlots.Failure("*.png", "every plot",
                    e.getMessage() == null ? e.toString() : e.getMessage())));
        }
        Path plotDirectory = sweepDirectory.resolve("plots");
        Set<Path> drawn = new HashSet<>();
        for (MetricPlots.Plot plot : plots.drawn()) {
            Path file = plotDirectory.resolve(plot.file());
            AtomicFiles.write(file, plot.png());
            drawn.add(file);
        }
        removeStale(plotDirectory, drawn);
        Path report = sweepDirectory.resolve("report.html");
        AtomicFiles.writeString(report, HtmlReport.html(results, plots));
        return new Built(results, summary, report, plots.drawn().size(), plots.failed());
    }

    private static void removeStale(Path plotDirectory, Set<Path> drawn) {
        if (!Files.isDirectory(plotDirectory)) {
            return;
        }
        try (Stream<Path> files = Files.list(plotDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".png")).toList()) {
                if (!drawn.contains(file)) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + plotDirectory, e);
        }
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
