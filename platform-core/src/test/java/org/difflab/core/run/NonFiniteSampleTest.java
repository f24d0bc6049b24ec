package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.Denoiser;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Stepper;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a NaN or infinity that arises mid-solve is named where it arises: the step, its times and noise levels,
 * and whether the model's x0_hat or the solver's step produced it.
 */
class NonFiniteSampleTest {

    private static final ForwardProcess EDM = ReferenceProcesses.EDM_LIKE;
    private static final double[] GRID = {80.0, 40.0, 10.0, 1.0, 0.0};

    /** Euler in the EDM form, x + (t' - t)(x - x0_hat)/t, with a state poisoned from step {@code poisonAt} on. */
    private static Solver euler(int poisonAt) {
        return new Solver() {
            @Override
            public int order() {
                return 1;
            }

            @Override
            public Stepper start(Integration run) {
                int[] index = {0};
                return (step, x) -> {
                    NDArray d = x.sub(step.x0(x, step.t())).div(step.t());
                    NDArray next = x.add(d.mul(step.tNext() - step.t()));
                    return index[0]++ >= poisonAt ? next.mul(Double.NaN) : next;
                };
            }
        };
    }

    private static String explain(Solver solver, Denoiser denoiser) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new double[] {80.0, -40.0, 8.0, 0.5}, new Shape(4, 1)).toType(DataType.FLOAT64,
                    false);
            return NonFiniteSample.explain(solver, "test-euler", new RunSolverContext(EDM, denoiser, new Rng(1)),
                    GRID, x);
        }
    }

    @Test
    void aModelReturningNaNIsBlamedAtTheStepWhereItFirstDid() {
        // the model is fine above noise level 20 and NaN below: the second step (40 -> 10) evaluates it at 40,
        // the third (10 -> 1) at 10, where it first fails
        Denoiser model = (x, t) -> t > 20 ? x.mul(0.0) : x.mul(Double.NaN);
        String message = explain(euler(Integer.MAX_VALUE), model);
        assertThat(message).contains("the model's x0_hat was NaN or infinite in step 3 of 4 (t = 10.0000 -> 1.00000,"
                + " noise level 10.0000 -> 1.00000)").contains("not solver 'test-euler'");
    }

    @Test
    void aSolverMakingTheStateNaNIsBlamedWhileTheModelIsNamedFinite() {
        String message = explain(euler(1), (x, t) -> x.mul(0.0));
        assertThat(message).contains("solver 'test-euler' made the state NaN or infinite in step 2 of 4 (t = 40.0000"
                + " -> 10.0000").contains("while the model's x0_hat there was finite");
    }

    @Test
    void aFiniteIntegrationSaysTheFaultWasNotReproduced() {
        assertThat(explain(euler(Integer.MAX_VALUE), (x, t) -> x.mul(0.0))).contains("did not reproduce it");
    }
}
