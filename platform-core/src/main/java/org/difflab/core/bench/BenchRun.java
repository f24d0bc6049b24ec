package org.difflab.core.bench;

import com.google.inject.Injector;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.difflab.core.run.ExperimentRunner;
import org.difflab.core.run.IntraOpThreads;
import org.difflab.core.run.RunResult;
import org.difflab.core.spec.Experiment;

/**
 * A spec run by a benchmark: quietly, into a scratch directory, at the platform's own thread choice or at a count
 * the benchmark compares. The count must be pinned for the whole run ({@link IntraOpThreads#pin}): a run sets its
 * phases' counts itself, so a count set on the engine just before it would be overridden and every setting of a
 * comparison would measure the default.
 */
public final class BenchRun {

    private BenchRun() {}

    /** Runs {@code experiment} into {@code where} with the platform's own thread choice. */
    public static RunResult atDefault(Injector platform, Experiment experiment, Path where, String benchmark) {
        return new ExperimentRunner(platform).run(experiment, where, true, false,
                new PrintStream(OutputStream.nullOutputStream()), List.of("difflab", "bench", benchmark));
    }

    /** Runs {@code experiment} into {@code where} with every phase on {@code threads} intra-op threads. */
    public static RunResult atThreads(int threads, Injector platform, Experiment experiment, Path where,
            String benchmark) {
        try (IntraOpThreads.Pin pin = IntraOpThreads.pin(threads, "set by difflab bench " + benchmark)) {
            return atDefault(platform, experiment, where, benchmark);
        }
    }
}
