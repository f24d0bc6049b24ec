package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.difflab.api.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * sampling.prior on data N(0, 1) from noise level 1 (EDM process, sigma_max = 1), where the two priors differ most.
 * The marginal there is exactly N(0, 1 + 1), so the marginal prior followed by the exact ODE gives N(0, 1); the noise
 * prior N(0, 1) shrinks along the flow by sqrt(s^2 + sigma^2)/sqrt(s^2 + sigma0^2) to std 1/sqrt(2).
 */
class PriorEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int COUNT = 4000;

    @TempDir
    Path out;

    private Path run(String prior) throws IOException {
        Path spec = Files.writeString(out.resolve(prior + ".yaml"), """
                experiment: prior-%s
                seed: 3
                data: {type: gmm, means: [[0.0]], stds: [1.0]}
                process: {type: edm, sigma_min: 0.002, sigma_max: 1.0}
                model: {type: exact}
                sampling:
                  solver: {type: heun}
                  schedule: {type: karras, steps: 40}
                  count: %d
                  prior: %s
                evaluation:
                  metrics: []
                  ode_error: true
                  ode_error_count: 200
                  plots: false
                """.formatted(prior, COUNT, prior));
        Cli.Result result = Cli.run("run", spec.toString(), "--out", out.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Matcher m = Pattern.compile("results: (\\S+)").matcher(result.out());
        assertThat(m.find()).isTrue();
        return Path.of(m.group(1));
    }

    private static double std(Path run) {
        double[] x = Npy.read(run.resolve("samples.npy")).values();
        double sum = 0;
        for (double v : x) {
            sum += v * v;   // mean 0 known
        }
        return Math.sqrt(sum / x.length);
    }

    @Test
    void theMarginalPriorReachesTheDataWhileTheNoisePriorShrinksIt() throws IOException {
        Path marginal = run("marginal");
        Path noise = run("noise");
        // the sample std of n normal draws has standard error std/sqrt(2n) (~0.011 here): 4 standard errors
        double se = 1.0 / Math.sqrt(2.0 * COUNT);
        assertThat(std(marginal)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(4 * se));
        assertThat(std(noise)).isCloseTo(Math.sqrt(0.5), org.assertj.core.api.Assertions.within(4 * se * Math.sqrt(0.5)));
        // the ODE error is measured from each prior's own start: Heun with 40 steps is ~4e-4 away for both (mostly
        // its final Euler step from 0.002 to 0); a reference started from sigma(t0) z instead of sqrt(2) sigma(t0) z
        // would be off by (sqrt(2) - 1)/sqrt(2) ~ 0.29 RMS for the marginal prior

        for (Path run : new Path[] {marginal, noise}) {
            JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile()).get("metrics");
            assertThat(metrics.get("ode_rmse").asDouble()).as(run.toString()).isLessThan(1e-2);
        }
    }
}
