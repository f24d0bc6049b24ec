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
}
