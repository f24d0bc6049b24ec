package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code evaluation.ode_error} on rectified flow, whose sampling grid starts at t = 1 where alpha = 0 and the noise
 * level is infinite (issue 9, item 5: the reference flow spun for 13 minutes, then failed with "change NaN").
 */
class OdeErrorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path out;

    private double odeRmse(Path spec, int steps) throws IOException {
        Cli.Result result = Cli.run("run", spec.toString(), "--out", out.toString(), "--set",
                "sampling.schedule.steps=" + steps);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Matcher m = Pattern.compile("results: (\\S+)").matcher(result.out());
        assertThat(m.find()).as(result.out()).isTrue();
        return JSON.readTree(Path.of(m.group(1)).resolve("metrics.json").toFile()).get("metrics").get("ode_rmse")
                .asDouble();
    }

    /**
     * Euler's method is first order, so against the exact ODE endpoints its error halves when the steps double; a
     * reference that were off would show as a floor instead.
     */
    @Test
    void eulerOnRectifiedFlowFromTimeOneHasAFirstOrderOdeError() throws IOException {
        Path spec = Files.writeString(out.resolve("rf.yaml"), """
                experiment: rf-ode
                seed: 7
                data: {type: gmm-ring, components: 8, radius: 2.0, std: 0.2}
                process: {type: rectified-flow}
                model: {type: exact}
                parameterization: {type: velocity}
                sampling:
                  solver: {type: euler}
                  schedule: {type: uniform-time, steps: 20}
                  count: 16
                evaluation:
                  ode_error: true
                  plots: false
                """);
        double coarse = odeRmse(spec, 20);
        double fine = odeRmse(spec, 40);
        assertThat(coarse).isBetween(1e-3, 0.1);
        assertThat(coarse / fine).isBetween(1.8, 2.2);
    }

    /**
     * One-step consistency sampling draws no noise, so its ode_error is defined: given the exact denoiser it returns
     * x0_hat(x_T), exactly what one Euler step to sigma = 0 returns, and the two errors agree. With two steps it draws
     * noise and is refused.
     */
    @Test
    void oneStepConsistencySamplingHasAnOdeErrorAndTwoStepsAreRefused() throws IOException {
        Path spec = Files.writeString(out.resolve("cm.yaml"), """
                experiment: cm-ode
                seed: 7
                data: {type: gmm-ring, components: 8, radius: 2.0, std: 0.2}
                process: {type: edm}
                model: {type: exact}
                sampling:
                  solver: {type: consistency}
                  schedule: {type: explicit, noise_levels: [5.0]}
                  count: 16
                evaluation:
                  ode_error: true
                  plots: false
                """);
        Cli.Result consistency = Cli.run("run", spec.toString(), "--out", out.resolve("c").toString());
        Cli.Result euler = Cli.run("run", spec.toString(), "--out", out.resolve("e").toString(), "--set",
                "sampling.solver=euler");
        assertThat(rmse(consistency)).isCloseTo(rmse(euler), org.assertj.core.data.Offset.offset(1e-12))
                .isGreaterThan(0.01);
        Cli.Result twoSteps = Cli.run("run", spec.toString(), "--out", out.resolve("t").toString(), "--set",
                "sampling.schedule.noise_levels=[5.0, 1.0]");
        assertThat(twoSteps.exitCode()).isEqualTo(2);
        assertThat(twoSteps.err()).contains("evaluation.ode_error", "on more than one step");
    }

    private static double rmse(Cli.Result result) throws IOException {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Matcher m = Pattern.compile("results: (\\S+)").matcher(result.out());
        assertThat(m.find()).as(result.out()).isTrue();
        return JSON.readTree(Path.of(m.group(1)).resolve("metrics.json").toFile()).get("metrics").get("ode_rmse")
                .asDouble();
    }
}
