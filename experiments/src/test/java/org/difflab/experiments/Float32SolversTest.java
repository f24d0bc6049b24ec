package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Solvers that read a scalar back from the engine (rk45's error norm, pc's score norm) work in float32 as in float64:
 * they used to validate in float32 and then fail mid-run with "DataType mismatch, Required double Actual float32".
 */
class Float32SolversTest {

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"rk45", "pc"})
    void runsInFloat32(String solver) throws IOException {
        Path spec = Files.writeString(out.resolve(solver + ".yaml"), """
                experiment: float32-%s
                data: {type: gmm-ring}
                process: {type: %s}
                sampling: {solver: %s, schedule: {type: %s, steps: 8}, count: 200, precision: float32}
                evaluation: {metrics: [energy_distance], plots: false}
                """.formatted(solver, solver.equals("pc") ? "ve" : "edm", solver, solver.equals("pc") ? "ve" : "karras"));

        Cli.Result result = Cli.run("run", spec.toString(), "--out", out.resolve("results").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("float32").contains("energy_distance");
    }
}
