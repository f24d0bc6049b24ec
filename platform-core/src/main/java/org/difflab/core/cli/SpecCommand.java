package org.difflab.core.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** Base of the commands that run a spec ({@code run}, {@code sweep}): the spec, its --set overrides, the results root. */
abstract class SpecCommand implements Callable<Integer> {

    @ParentCommand
    Difflab root;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The YAML spec to run (for sweep: with a sweep:"
            + " block, or with a KEY=a,b,c override).")
    Path spec;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides after the spec, as in Hydra:"
            + " sampling.schedule.steps=40 is --set sampling.schedule.steps=40; KEY=a,b,c sweeps KEY over a, b and c"
            + " (a grid axis; quote the value, KEY='a,b', for a text with commas).")
    List<String> bareOverrides = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a spec key, e.g. --set sampling.schedule.steps=40 (repeatable; VALUE is YAML;"
                    + " applied before a sweep is expanded, so sweep.* keys too).")
    List<String> setOverrides = new ArrayList<>();

    @Option(names = {"-m", "--multirun"}, description = "run: run the spec as a sweep (as difflab sweep does), e.g."
            + " with KEY=a,b,c overrides (Hydra's --multirun); sweep: no effect.")
    boolean multirun;

    /** Every override: the --set ones, then the ones after the spec (filled by {@link #collectOverrides}). */
    List<String> overrides = new ArrayList<>();

    /** Gathers {@link #overrides} from both spellings. */
    void collectOverrides() {
        overrides = new ArrayList<>(setOverrides);
        overrides.addAll(bareOverrides);
    }

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Results root (default: ${DEFAULT-VALUE}); a run goes to DIR/<experiment>/<run-id>/.")
    Path out;

    /** Refuses an unusable --out (bad input, exit 2) before anything is run or written. */
    static void checkResultsRoot(Path out) {
        try {
            org.difflab.core.run.RunDirectory.checkResultsRoot(out);
        } catch (IllegalArgumentException e) {
            throw new org.difflab.core.spec.SpecException("--out", "", e.getMessage());
        }
    }

    /** {@code difflab <command> SPEC --set KEY=VALUE ...}: the start of the command line run.json records. */
    static List<String> commandLine(String command, Path spec, List<String> overrides) {
        List<String> line = new ArrayList<>(List.of("difflab", command, spec.toString()));
        overrides.forEach(o -> line.addAll(List.of("--set", o)));
        return line;
    }
}
