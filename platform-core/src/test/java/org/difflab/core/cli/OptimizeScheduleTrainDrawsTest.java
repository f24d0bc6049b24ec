package org.difflab.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.difflab.api.io.Npy;
import org.difflab.core.sweep.Cli;
import org.difflab.core.sweep.SweepFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** optimize-schedule --train-draws: a missing, unreadable or non-finite file is bad input (exit 2) naming it. */
class OptimizeScheduleTrainDrawsTest {

    @TempDir
    static Path plugins;

    @TempDir
    Path dir;

    @BeforeAll
    static void writePlugin() {
        SweepFixtures.writePluginJar(plugins);
    }

    private static Cli.Result optimise(Path draws) {
        return Cli.run(plugins, "optimize-schedule", "spec.yaml", "--nfe=10", "--train-draws", draws.toString());
    }

    @Test
    void aMissingFileOrAFolderIsNamed() {
        for (Path bad : new Path[] {dir.resolve("missing.npy"), dir}) {
            Cli.Result result = optimise(bad);
            assertThat(result.exitCode()).as(bad.toString()).isEqualTo(Difflab.BAD_INPUT);
            assertThat(result.err()).contains("--train-draws").contains(bad + " is not a file; give a .npy file of"
                    + " standard-normal draws [count, sample shape...]");
        }
    }

    @Test
    void aFileThatIsNotNpyIsNamed() throws IOException {
        Path text = Files.writeString(dir.resolve("draws.npy"), "0.1, 0.2\n");
        Cli.Result result = optimise(text);
        assertThat(result.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).contains(text + " is not a readable .npy file");
    }

    @Test
    void oneDrawOrNoSampleAxisOrANonFiniteValueIsRejected() throws IOException {
        Path flat = dir.resolve("flat.npy");
        Npy.write(flat, new double[] {0.1, 0.2, 0.3}, new long[] {3}, false);
        assertThat(optimise(flat).err()).contains(flat + " has shape [3]; expected [count, sample shape...] with"
                + " count at least 2");
        Path one = dir.resolve("one.npy");
        Npy.write(one, new double[] {0.1, 0.2}, new long[] {1, 2}, false);
        assertThat(optimise(one).err()).contains(one + " has shape [1, 2]");
        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, new double[] {0.1, 0.2, Double.NaN, 0.4}, new long[] {2, 2}, false);
        Cli.Result result = optimise(nan);
        assertThat(result.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).contains(nan + " holds NaN at element 2; the draws must be finite standard-normal"
                + " values");
    }
}
