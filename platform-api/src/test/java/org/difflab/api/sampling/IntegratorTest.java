package org.difflab.api.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one integration loop: grid checks, NFE, the denoiser's guard, per-step scopes, the observer. */
class IntegratorTest {

    private static final double[] TO_DATA = {80, 10, 1, 0.1, 0};
    private static final double[] ABOVE_DATA = {80, 10, 1, 0.1};

    private NDManager manager;
    private NDArray x;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        x = new Rng(1).normal(manager, new Shape(8, 2), DataType.FLOAT64).mul(80);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A solver whose steps are the given function, with the id "probe". */
    @Component(id = "probe", summary = "test solver")
    private static final class Probe implements Solver {
        final Function<Integration, Stepper> start;
        int starts;

        Probe(Function<Integration, Stepper> start) {
            this.start = start;
        }

        @Override
        public int order() {
            return 1;
        }

        @Override
        public Stepper start(Integration run) {
            starts++;
            return start.apply(run);
        }
    }

    private static NDArray euler(Step step, NDArray x) {
        return x.add(step.velocity(x, step.t(), step.x0(x, step.t())).mul(step.h()));
    }

    @Test
    void checksTheGridBeforeTheSolverStarts() {
        Probe probe = new Probe(run -> IntegratorTest::euler);
        Fixtures.Context context = new Fixtures.Context(1);
        assertThatThrownBy(() -> Integrator.integrate(probe, context, new double[] {80}, x))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 times (1 step), got 1");
        assertThatThrownBy(() -> Integrator.integrate(probe, context, new double[] {80, 90, 0}, x))
                .hasMessageContaining("grid times must strictly decrease; times[1] = 90.0 follows 80.0");
        assertThatThrownBy(() -> Integrator.integrate(probe, context, new double[] {120, 1, 0}, x))
                .hasMessageContaining("grid time 0 = 120.0 is outside the process's range [0.0, 100.0]");
        assertThatThrownBy(() -> Integrator.integrate(probe, context, new double[] {80, Double.NaN, 0}, x))
                .hasMessageContaining("grid time 1 = NaN");
        assertThat(probe.starts).isZero();
        assertThat(context.times).isEmpty();
    }

    @Test
    void countsEveryEvaluationItself() {
        List<Integer> running = new ArrayList<>();
        Probe probe = new Probe(run -> (step, state) -> {
            for (int k = 0; k <= step.index(); k++) { // step i evaluates i + 1 times
                step.x0(state, step.t());
            }
            running.add(step.nfe());
            return state;
        });
        Fixtures.Context context = new Fixtures.Context(1);
        Solution solution = Integrator.integrate(probe, context, TO_DATA, x);
        assertThat(solution.nfe()).isEqualTo(1 + 2 + 3 + 4).isEqualTo(context.times.size());
        assertThat(running).containsExactly(1, 3, 6, 10);
    }

    /**
     * A move along the velocity with a term c y added (as Heun's corrector adds x/2) is one evaluation, equals the
     * move plus c y computed apart (the fixture's denoiser does not fold: the default adds the term afterwards, the
     * same operations), and is the same observed as unobserved (for a model that does not fold the term; one that
     * does may round it differently there), where the step's first x0_hat is also taken.
     */
    @Test
    void anAddedTermIsOneEvaluationAndObservingItChangesNothing() {
        List<double[]> apart = new ArrayList<>();
        Probe probe = new Probe(run -> (step, state) -> {
            NDArray y = state.mul(-0.25).add(1.0);
            NDArray moved = step.alongVelocity(state, step.t(), 0.5, step.h(), new org.difflab.api.math.Addend(0.75, y));
            assertThat(step.nfe()).isEqualTo(2 * step.index() + 1);
            apart.add(step.alongVelocity(state, step.t(), 0.5, step.h()).add(y.mul(0.75)).toDoubleArray());
            return moved;
        });
        List<double[]> moves = new ArrayList<>();
        Solution plain = Integrator.integrate(probe, new Fixtures.Context(1), ABOVE_DATA, x);
        List<double[]> unobserved = new ArrayList<>(apart);
        apart.clear();
        List<NDArray> firstX0 = new ArrayList<>();
        Solution observed = Integrator.integrate(probe, new Fixtures.Context(1), ABOVE_DATA, x, new StepObserver() {
            @Override
            public void started(double t, NDArray state) {}

            @Override
            public void stepped(int index, double t, NDArray state, NDArray x0) {
                moves.add(state.toDoubleArray());
                firstX0.add(x0);
            }
        });
        assertThat(observed.x().toDoubleArray()).containsExactly(plain.x().toDoubleArray());
        assertThat(plain.nfe()).isEqualTo(2 * (ABOVE_DATA.length - 1));
        assertThat(firstX0).hasSize(ABOVE_DATA.length - 1).doesNotContainNull();
        for (int i = 0; i < moves.size(); i++) {
            assertThat(moves.get(i)).as("step %d", i).containsExactly(apart.get(i));
            assertThat(unobserved.get(i)).as("step %d", i).containsExactly(apart.get(i));
        }
    }

    @Test
    void refusesTheDenoiserWhereItIsUndefined() {
        Fixtures.Context context = new Fixtures.Context(1);
        Probe atData = new Probe(run -> (step, state) -> {
            NDArray next = euler(step, state);
            return step.isFinal() ? step.x0(next, step.tNext()) : next;  // Heun's corrector at sigma = 0
        });
        assertThatThrownBy(() -> Integrator.integrate(atData, context, TO_DATA, x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("solver 'probe' asked for x0_hat at t=0.0 in step 4 of 4 (t = 0.1 -> 0.0), where"
                        + " sigma(t) = 0.0: the denoiser is undefined there (x_t = alpha x0); a step to the data end"
                        + " must evaluate above it");
        assertThat(context.times).doesNotContain(0.0).hasSize(4);

        Probe outside = new Probe(run -> (step, state) -> step.x0(state, 101));
        assertThatThrownBy(() -> Integrator.integrate(outside, context, TO_DATA, x))
                .hasMessageContaining("asked for x0_hat at t=101.0 in step 1 of 4 (t = 80.0 -> 10.0), outside the"
                        + " process's range [0.0, 100.0]");

        Step[] stashed = new Step[1];
        Probe late = new Probe(run -> (step, state) -> {
            if (stashed[0] != null) {
                stashed[0].x0(state, step.t());
            }
            stashed[0] = step;
            return state;
        });
        assertThatThrownBy(() -> Integrator.integrate(late, context, TO_DATA, x))
                .hasMessageContaining("asked for x0_hat after step 0 ended");
        assertThat(context.times).hasSize(4);
    }

    @Test
    void tellsEachStepWhetherItIsTheLastAndWhetherItEndsAtData() {
        List<String> flags = new ArrayList<>();
        Probe probe = new Probe(run -> (step, state) -> {
            flags.add(step.index() + ":" + step.isFinal() + "," + step.toData());
            return state;
        });
        Integrator.integrate(probe, new Fixtures.Context(1), TO_DATA, x);
        Integrator.integrate(probe, new Fixtures.Context(1), ABOVE_DATA, x);
        assertThat(flags).containsExactly("0:false,false", "1:false,false", "2:false,false", "3:true,true",
                "0:false,false", "1:false,false", "2:true,false");
    }

    /**
     * The observer sees every state and each step's first x0_hat, even where the stepper freed that output before
     * the step ended (in a scope of its own, as rk45's adaptive attempts do).
     */
    @Test
    void theObserverSeesEveryStateAndEachStepsFirstDenoiserOutput() {
        List<double[]> firstX0 = new ArrayList<>();
        Probe probe = new Probe(run -> (step, state) -> {
            if (step.index() % 2 == 1) {
                firstX0.add(null);
                return state; // no evaluation on odd steps
            }
            NDArray velocity;
            try (StepScope own = new StepScope()) {
                NDArray x0 = step.x0(state, step.t());
                firstX0.add(x0.toDoubleArray());
                step.x0(state.mul(2), step.t()).close();
                velocity = own.keep(step.velocity(state, step.t(), x0));
            }
            NDArray next = state.add(velocity.mul(step.h()));
            velocity.close();
            return next;
        });
        List<String> seen = new ArrayList<>();
        List<NDArray> states = new ArrayList<>();
        Solution solution = Integrator.integrate(probe, new Fixtures.Context(1), TO_DATA, x, new StepObserver() {
            @Override
            public void started(double t, NDArray state) {
                seen.add("start " + t + (state == x ? " x" : ""));
            }

            @Override
            public void stepped(int index, double t, NDArray state, NDArray x0) {
                double[] expected = firstX0.get(index);
                seen.add(index + " " + t + (x0 == null ? (expected == null ? " none" : " missing")
                        : java.util.Arrays.equals(x0.toDoubleArray(), expected) ? " first" : " other"));
                states.add(state);
            }
        });
        assertThat(seen).containsExactly("start 80.0 x", "0 10.0 first", "1 1.0 none", "2 0.1 first", "3 0.0 none");
        assertThat(states.get(3)).isSameAs(solution.x());
        assertThat(states.get(1)).isSameAs(states.get(0)); // an unchanged state is passed on as it is
    }

    @Test
    void freesEachStepsTemporariesAndClosesTheStepper() {
        int[] alive = new int[2];
        int k = 0;
        for (int steps : new int[] {5, 40}) {
            double[] grid = new double[steps + 1];
            for (int i = 0; i <= steps; i++) {
                grid[i] = 80.0 * (steps - i) / steps;
            }
            NDArray[] history = new NDArray[1];
            int[] closes = new int[1];
            Probe probe = new Probe(run -> new Stepper() {
                @Override
                public NDArray step(Step step, NDArray state) {
                    if (history[0] != null) {
                        history[0].close();
                    }
                    history[0] = step.keep(state.mul(1.0)); // a multistep history of one state
                    return euler(step, state);
                }

                @Override
                public void close() {
                    closes[0]++;
                    history[0].close();
                }
            });
            int before = manager.getManagedArrays().size();
            Integrator.integrate(probe, new Fixtures.Context(1), grid, x);
            alive[k++] = manager.getManagedArrays().size() - before;
            assertThat(closes[0]).isEqualTo(1);
        }
        assertThat(alive).containsExactly(1, 1); // the result alone
    }

    @Test
    void closesTheStepperWhenAStepFailsAndRefusesAResultOfAnotherShape() {
        int[] closes = new int[1];
        Probe failing = new Probe(run -> new Stepper() {
            @Override
            public NDArray step(Step step, NDArray state) {
                if (step.index() == 2) {
                    throw new ArithmeticException("boom");
                }
                return euler(step, state);
            }

            @Override
            public void close() {
                closes[0]++;
            }
        });
        assertThatThrownBy(() -> Integrator.integrate(failing, new Fixtures.Context(1), TO_DATA, x))
                .isInstanceOf(ArithmeticException.class);
        assertThat(closes[0]).isEqualTo(1);

        Probe reshaping = new Probe(run -> (step, state) -> state.reshape(16));
        assertThatThrownBy(() -> Integrator.integrate(reshaping, new Fixtures.Context(1), TO_DATA, x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("solver 'probe' returned shape (16) in step 1 for a state of shape (8, 2)");
    }
}
