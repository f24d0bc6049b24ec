package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.Integrator;
import org.difflab.api.sampling.Solution;
import org.difflab.tck.oracle.ExactSolverContext;
import org.difflab.tck.junit.SolverContract;
import org.difflab.api.Solver;
import org.junit.jupiter.api.Test;

/** Multistep consistency sampling is Song et al.'s (2023) Algorithm 1, value for value. */
class ConsistencySamplerTest implements SolverContract {

    private static final ForwardProcess EDM = TestProcesses.EDM;
    /** sigma sqrt(1 - (sigma_min/sigma)^2) vs sqrt(sigma^2 - sigma_min^2): a few ulps of values below ~100. */
    private static final double ROUND_OFF = 1e-12;

    @Override
    public Solver createSolver() {
        return new ConsistencySampler(new ConsistencySampler.Options(0.002));
    }

    /** A model that returns 0.3 x (a stand-in for f) and records its inputs. */
    private static final class Recorder {
        final List<NDArray> inputs = new ArrayList<>();

        NDArray f(NDArray x, double t) {
            NDArray copy = x.duplicate();
            ai.djl.ndarray.NDScope.unregister(copy);
            inputs.add(copy);
            return x.mul(0.3);
        }
    }

    @Test
    void oneStepSamplingIsTheConsistencyFunctionAtTheStart() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray xT = new Rng(1).normal(manager, new Shape(16, 2), DataType.FLOAT64).mul(80);
            Recorder model = new Recorder();
            Solution one = Integrator.integrate(createSolver(), new ExactSolverContext(EDM, model::f, 5),
                    new double[] {80.0, 0.0}, xT);
            assertThat(one.nfe()).isEqualTo(1);
            assertThat(one.x().toDoubleArray()).containsExactly(xT.mul(0.3).toDoubleArray());
        }
    }

    @Test
    void eachStepRenoisesTheEstimateToTheNextLevelLessTheBoundarysNoise() {
        double[] levels = {80.0, 2.0, 0.5, 0.0};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray xT = new Rng(1).normal(manager, new Shape(16, 2), DataType.FLOAT64).mul(80);
            Recorder model = new Recorder();
            Solution solution = Integrator.integrate(createSolver(), new ExactSolverContext(EDM, model::f, 5), levels,
                    xT);
            assertThat(solution.nfe()).isEqualTo(3);
            // the same noise stream, drawn in the same order: z_1 before the second evaluation, z_2 before the third
            ExactSolverContext noise = new ExactSolverContext(EDM, model::f, 5);
            NDArray expected = xT;
            for (int i = 1; i < 3; i++) {
                double std = Math.sqrt(levels[i] * levels[i] - 0.002 * 0.002);
                expected = expected.mul(0.3).add(noise.gaussianLike(xT).mul(std));
                assertThat(model.inputs.get(i).toDoubleArray()).as("input of evaluation %d", i + 1)
                        .containsExactly(expected.toDoubleArray(), within(ROUND_OFF));
            }
            assertThat(solution.x().toDoubleArray()).containsExactly(expected.mul(0.3).toDoubleArray(),
                    within(ROUND_OFF));
            model.inputs.forEach(NDArray::close);
        }
    }
}
