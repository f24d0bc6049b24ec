package org.difflab.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.difflab.core.report.ReportBuilder;
import org.difflab.core.report.TrialRow;
import org.difflab.core.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code difflab report DIR}: rebuilds every sweep's summary.csv, plots and report.html found under DIR. */
@Command(name = "report", description = {
    "Rebuild summary.csv, plots/ and report.html of every sweep under DIR (a results root, an experiment"
        + " directory or a sweep directory) from its manifest, run directories and failure records — also for"
        + " results merged from several machines."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Where to look for sweeps (<out>/<experiment>/sweeps/<id>/).")
    Path directory;

    @Override
    public Integer call() {
        if (!Files.isDirectory(directory)) {
            throw new SpecException(directory.toString(), "", "no such directory");
        }
        List<Path> sweeps = ReportBuilder.findSweeps(directory);
        if (sweeps.isEmpty()) {
            throw new SpecException(directory.toString(), "", "no sweep found (looked for"
                    + " <experiment>/sweeps/<sweep-id>/manifest.json up to 6 levels down)");
        }
        for (Path sweep : sweeps) {
            ReportBuilder.Built built = ReportBuilder.build(sweep);
            var results = built.results();
            System.out.printf("%s: %d trials: %d done, %d failed, %d pending; %d plots%n  %s%n  %s%n", sweep,
                    results.rows().size(), results.count(TrialRow.DONE), results.count(TrialRow.FAILED),
                    results.count(TrialRow.PENDING), built.plots(), built.summary(), built.report());
        }
        return 0;
    }
}
