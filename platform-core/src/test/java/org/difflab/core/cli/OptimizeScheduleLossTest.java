package org.difflab.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.difflab.core.sweep.Cli;
import org.difflab.core.sweep.SweepFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** optimize-schedule's --loss and --loss-scale: bad values are bad input (exit 2) naming what is accepted. */
class OptimizeScheduleLossTest {

    @TempDir
    static Path plugins;

    @BeforeAll
    static void writePlugin() {
        SweepFixtures.writePluginJar(plugins);
    }

    private static Cli.Result optimise(String... options) {
        String[] args = new String[3 + options.length];
        args[0] = "optimize-schedule";
        args[1] = "spec.yaml";
        args[2] = "--nfe=10";
        System.arraycopy(options, 0, args, 3, options.length);
        return Cli.run(plugins, args);
    }

    @Test
    void anUnknownLossNamesTheAcceptedOnes() {
        Cli.Result result = optimise("--coefficients", "--loss", "huber");
        assertThat(result.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).contains("--loss").contains("unknown loss 'huber'; accepted: squares, cauchy");
    }

    @Test
    void aScaleMustBePositiveAndFinite() {
        for (String bad : new String[] {"0", "-25", "NaN", "Infinity"}) {
            Cli.Result result = optimise("--coefficients", "--loss", "cauchy", "--loss-scale", bad);
            assertThat(result.exitCode()).as(bad).isEqualTo(Difflab.BAD_INPUT);
            assertThat(result.err()).as(bad).contains("--loss-scale must be a positive finite number K (c^2 = K"
                    + " times the median draw's squared error at the start), got ");
        }
        Cli.Result text = optimise("--coefficients", "--loss", "cauchy", "--loss-scale", "many");
        assertThat(text.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(text.err()).contains("--loss-scale").contains("many");
    }

    @Test
    void theCauchyLossNeedsTheWeightFitAndTheScaleNeedsTheCauchyLoss() {
        Cli.Result noWeights = optimise("--loss", "cauchy");
        assertThat(noWeights.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(noWeights.err()).contains("--loss cauchy applies to the weight fit; it needs --coefficients");
        Cli.Result scaleAlone = optimise("--coefficients", "--loss-scale", "25");
        assertThat(scaleAlone.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(scaleAlone.err()).contains("--loss-scale sets the Cauchy loss's scale; it needs --loss cauchy"
                + " (the loss is squares)");
    }
}
