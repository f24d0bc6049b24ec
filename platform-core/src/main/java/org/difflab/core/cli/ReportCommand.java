package org.difflab.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.difflab.core.report.LooseRuns;
import org.difflab.core.report.ReportBuilder;
import org.difflab.core.report.TrialRow;
import org.difflab.core.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code difflab report DIR}: rebuilds every sweep's summary.csv, plots and report.html found under DIR. */
@Command(name = "report", description = {
    "Rebuild summary.csv, plots/ and report.html of every sweep under DIR (a results root, an experiment"
        + " directory or a sweep directory) from its manifest, run directories and failure records — also for"
        + " results merged from several machines. Runs of an experiment that no sweep lists (made one by one"
        + " with difflab run) are gathered into <experiment>/sweeps/all-runs/, with the spec keys that differ"
        + " between them as axes."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Where to look for sweeps (<out>/<experiment>/sweeps/<id>/).")
    Path directory;

    @Override
    public Integer call() {
        if (!Files.isDirectory(directory)) {
            throw new SpecException(directory.toString(), "", "no such directory");
        }
        // runs that no sweep lists (difflab run one by one) are gathered into <experiment>/sweeps/all-runs/
        for (Path experiment : LooseRuns.experiments(directory)) {
            LooseRuns.gather(experiment);
        }
        List<Path> sweeps = ReportBuilder.findSweeps(directory);
        if (sweeps.isEmpty()) {
            throw new SpecException(directory.toString(), "", "no sweep and no two runs of one experiment found"
                    + " (looked for <experiment>/sweeps/<sweep-id>/manifest.json up to 6 levels down)");
        }
        for (Path sweep : sweeps) {
            ReportBuilder.Built built = ReportBuilder.build(sweep);
            var results = built.results();
            long running = org.difflab.core.report.HtmlReport.running(results);
            System.out.printf("%s: %d trials: %d done, %d failed, %d running, %d pending; %d plots%n  %s%n  %s%n", sweep,
                    results.rows().size(), results.count(TrialRow.DONE), results.count(TrialRow.FAILED), running,
                    results.count(TrialRow.PENDING) - running, built.plots(), built.summary(), built.report());
            warnAboutPlots(built, System.err);
        }
        return 0;
    }

    /** One line per plot that could not be drawn (the summary and the report were written all the same). */
    static void warnAboutPlots(ReportBuilder.Built built, java.io.PrintStream err) {
        built.plotFailures().forEach(f -> err.println("warning: could not draw plots/" + f.file() + ": " + f.error()
                + " (summary.csv and report.html are complete otherwise)"));
    }
}
