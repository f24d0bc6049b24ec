package org.difflab.plugins.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.SpecFile;
import org.difflab.api.io.Npy;
import org.difflab.api.sampling.NoiseLevels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplicitScheduleTest {

    private final ForwardProcess vp = Fixtures.LINEAR_VP;
    private final ForwardProcess edm = Fixtures.NOISE_LEVEL_TIME;

    @TempDir
    Path dir;

    private static ExplicitSchedule levels(double... levels) {
        return new ExplicitSchedule(new ExplicitSchedule.Options(levels, null, null, null));
    }

    private static ExplicitSchedule file(Path path, GridUnit unit) {
        return new ExplicitSchedule(new ExplicitSchedule.Options(null, null, new SpecFile(path.getFileName()
                .toString(), path), unit));
    }

    @Test
    void noiseLevelsGiveTheKarrasGridTheyWereTakenFrom() {
        // The levels of karras (rho 7) listed explicitly give karras's times on any process.
        double[] karrasLevels = NoiseLevels.karras(8, 0.002, 80, 7);
        double[] karras = new org.difflab.api.sampling.NoiseLevelSchedule(8, 0.002, 80.0) {
            @Override
            protected double[] noiseLevels(int steps, double sigmaMin, double sigmaMax) {
                return NoiseLevels.karras(steps, sigmaMin, sigmaMax, 7);
            }
        }.times(vp);
        assertThat(GridAssertions.validGrid(levels(karrasLevels), vp, 8)).containsExactly(karras);
        // a trailing 0 is the final step, not a ninth level; an ascending list is the same grid
        double[] withZero = java.util.Arrays.copyOf(karrasLevels, 9);
        assertThat(levels(withZero).times(vp)).containsExactly(karras);
        double[] ascending = new double[8];
        for (int i = 0; i < 8; i++) {
            ascending[i] = karrasLevels[7 - i];
        }
        assertThat(levels(ascending).times(vp)).containsExactly(karras);
    }

    @Test
    void timesAreTakenAsGiven() {
        double[] times = new ExplicitSchedule(new ExplicitSchedule.Options(null, new double[] {1.0, 0.5, 0.1, 0.0},
                null, null)).times(vp);
        assertThat(times).containsExactly(1.0, 0.5, 0.1, 0.0);
        assertThat(new ExplicitSchedule(new ExplicitSchedule.Options(null, new double[] {0.7, 0.2}, null, null))
                .times(vp)).containsExactly(0.7, 0.2, 0.0);
    }

    @Test
    void npyAndCsvFilesRoundTrip() throws IOException {
        double[] grid = {80, 12.5, 1.25, 0.125, 0.002, 0};
        Path npy = dir.resolve("grid.npy");
        Npy.write(npy, grid, new long[] {grid.length}, false);
        Path csv = Files.writeString(dir.resolve("grid.csv"), "# noise levels\n80, 12.5\n1.25 0.125\n0.002\n0\n");
        // sigma(t) = t: the levels are the times
        assertThat(GridAssertions.validGrid(file(npy, GridUnit.NOISE_LEVELS), edm, 5)).containsExactly(grid);
        assertThat(file(csv, GridUnit.NOISE_LEVELS).times(edm)).containsExactly(grid);
        // in times, on the VP SDE
        Path times = Files.writeString(dir.resolve("times.txt"), "1 0.5 0.25 0.001");
        assertThat(file(times, GridUnit.TIMES).times(vp)).containsExactly(1, 0.5, 0.25, 0.001, 0);
        // the VP SDE's levels map through its inverse
        double[] onVp = file(npy, GridUnit.NOISE_LEVELS).times(vp);
        for (int i = 0; i < 5; i++) {
            assertThat(vp.noiseLevel(onVp[i])).isCloseTo(grid[i], within(1e-9 * grid[i]));
        }
    }

    @Test
    void badValuesAreRejectedNamingTheFile() throws IOException {
        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, new double[] {80, Double.NaN, 0.002}, new long[] {3}, false);
        assertThatThrownBy(() -> file(nan, GridUnit.NOISE_LEVELS)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("nan.npy: value NaN at index 1 is not finite");
        Path infinite = Files.writeString(dir.resolve("infinite.csv"), "Infinity\n1\n0.002\n");
        assertThatThrownBy(() -> file(infinite, GridUnit.NOISE_LEVELS))
                .hasMessageContaining("infinite.csv: value Infinity at index 0 is not finite");
        Path word = Files.writeString(dir.resolve("word.csv"), "80\nten\n");
        assertThatThrownBy(() -> file(word, GridUnit.NOISE_LEVELS)).hasMessageContaining("word.csv, line 2")
                .hasMessageContaining("'ten' is not a number");
        Path zigzag = Files.writeString(dir.resolve("zigzag.csv"), "80, 10, 20, 1");
        assertThatThrownBy(() -> file(zigzag, GridUnit.NOISE_LEVELS)).hasMessageContaining("zigzag.csv")
                .hasMessageContaining("not strictly monotone at index 2");
        Path repeated = Files.writeString(dir.resolve("repeated.csv"), "80, 10, 10, 1");
        assertThatThrownBy(() -> file(repeated, GridUnit.NOISE_LEVELS)).hasMessageContaining("not strictly monotone");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "# nothing\n");
        assertThatThrownBy(() -> file(empty, GridUnit.NOISE_LEVELS)).hasMessageContaining("empty.csv: holds no values");
        Path other = Files.writeString(dir.resolve("grid.json"), "[1]");
        assertThatThrownBy(() -> file(other, GridUnit.NOISE_LEVELS)).hasMessageContaining("grid.json: unknown format");
        Path missing = dir.resolve("missing.npy");
        assertThatThrownBy(() -> file(missing, GridUnit.NOISE_LEVELS)).hasMessageContaining("missing.npy");
    }

    @Test
    void valuesOutsideTheProcesssRangeAreRejected() throws IOException {
        // the VP SDE reaches noise level ~ sqrt(e^{10.05} - 1) ~ 152 at t = 1
        Path high = Files.writeString(dir.resolve("high.csv"), "500, 1, 0.01");
        assertThatThrownBy(() -> file(high, GridUnit.NOISE_LEVELS).times(vp)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("high.csv: noise level 500.0 is outside the process's range");
        Path late = Files.writeString(dir.resolve("late.csv"), "1.5, 0.5");
        assertThatThrownBy(() -> file(late, GridUnit.TIMES).times(vp))
                .hasMessageContaining("late.csv: time 1.5 is outside the process's range");
        Path onlyEnd = Files.writeString(dir.resolve("end.csv"), "0");
        assertThatThrownBy(() -> file(onlyEnd, GridUnit.NOISE_LEVELS).times(vp))
                .hasMessageContaining("end.csv: only the data end");
        assertThatThrownBy(() -> new ExplicitSchedule(new ExplicitSchedule.Options(new double[] {1}, new double[] {1},
                null, null))).hasMessageContaining("exactly one of noise_levels, times and file");
    }
}
