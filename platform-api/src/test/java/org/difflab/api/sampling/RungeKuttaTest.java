package org.difflab.api.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.difflab.api.Solver;
import org.difflab.api.math.Combination;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Butcher tableaux as data and the one explicit Runge-Kutta stepper that runs them. */
class RungeKuttaTest {

    static final ButcherTableau EULER = new ButcherTableau("euler", 1, new double[] {0}, new double[][] {{}},
            new double[] {1});
    static final ButcherTableau HEUN = new ButcherTableau("heun", 2, new double[] {0, 1}, new double[][] {{}, {1}},
            new double[] {0.5, 0.5});
    static final ButcherTableau MIDPOINT = new ButcherTableau("midpoint", 2, new double[] {0, 0.5},
            new double[][] {{}, {0.5}}, new double[] {0, 1});
    /** Kutta's third-order method (1901). */
    static final ButcherTableau KUTTA3 = new ButcherTableau("kutta3", 3, new double[] {0, 0.5, 1},
            new double[][] {{}, {0.5}, {-1, 2}}, new double[] {1.0 / 6, 4.0 / 6, 1.0 / 6});
    /** The classical fourth-order method. */
    static final ButcherTableau RK4 = new ButcherTableau("rk4", 4, new double[] {0, 0.5, 0.5, 1},
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}}, new double[] {1.0 / 6, 2.0 / 6, 2.0 / 6, 1.0 / 6});

    private NDManager manager;
    private NDArray x;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        x = new Rng(5).normal(manager, new Shape(16, 2), DataType.FLOAT64).mul(10);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A solver running {@code method} on every integration. */
    private static Solver solver(RungeKutta method) {
        return new Solver() {
            public int order() { return method.tableau().order(); }
            public Stepper start(Integration run) { return method; }
        };
    }

    private static double[] uniform(double from, double to, int steps) {
        double[] grid = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            grid[i] = from + (to - from) * i / steps;
        }
        grid[steps] = to;
        return grid;
    }

    @Test
    void aMistypedTableauIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> new ButcherTableau("bad", 2, new double[] {0, 0.5}, new double[][] {{}, {0.6}},
                new double[] {0, 1})).hasMessage("tableau bad: row 2 of a sums to 0.6 but c_2 = 0.5");
        assertThatThrownBy(() -> new ButcherTableau("bad", 2, new double[] {0, 1}, new double[][] {{}, {1}},
                new double[] {0.5, 0.6})).hasMessage("tableau bad: the weights b sum to 1.1, not 1");
        assertThatThrownBy(() -> new ButcherTableau("bad", 2, new double[] {0, 1}, new double[][] {{}, {0.5, 0.5}},
                new double[] {0.5, 0.5})).hasMessage("tableau bad: row 2 of a must have 1 entries (explicit method),"
                        + " got 2");
        assertThatThrownBy(() -> new ButcherTableau("bad", 1, new double[] {0.5}, new double[][] {{}},
                new double[] {1})).hasMessage("tableau bad: an explicit method starts at c_1 = 0, got 0.5");
        assertThatThrownBy(() -> new ButcherTableau("bad", 1, new double[] {0, 1}, new double[][] {{}},
                new double[] {1})).hasMessageContaining("one entry per stage");
        double[] c = {0, 1};
        ButcherTableau heun = new ButcherTableau("heun", 2, c, new double[][] {{}, {1}}, new double[] {0.5, 0.5});
        c[1] = 0.5;
        heun.c()[1] = 0.25;
        assertThat(heun.c()).containsExactly(0, 1); // the record keeps its own copies
    }

    /**
     * Each tableau's empirical order on the exact transport of one Gaussian over the VP process's own time (t from
     * 3 down to 0.2, uniform steps; the velocity is not linear in t there, unlike on EDM's process where the
     * midpoint method happens to gain an order): the error ratio per halving of h is 2^order. N = 32..128 for the
     * first- and second-order methods, 16..64 for the others, where each is in its asymptotic range and far from
     * rounding; the slope over the two halvings is within 0.1 of the order.
     */
    @Test
    void eachTableauConvergesAtItsOrder() {
        NDArray start = x.mul(Fixtures.VP.sigma(3) / 10);
        NDArray exact = Fixtures.transport(Fixtures.VP, start, 3, 0.2);
        for (ButcherTableau tableau : List.of(EULER, HEUN, MIDPOINT, KUTTA3, RK4)) {
            int[] steps = tableau.order() <= 2 ? new int[] {32, 64, 128} : new int[] {16, 32, 64};
            double[] errors = new double[steps.length];
            for (int k = 0; k < steps.length; k++) {
                NDArray ours = Integrator.integrate(solver(new RungeKutta(tableau)),
                        new Fixtures.Context(Fixtures.VP, 1), uniform(3, 0.2, steps[k]), start).x();
                errors[k] = ours.sub(exact).abs().max().getDouble();
            }
            double slope = Math.log(errors[0] / errors[2]) / Math.log(4);
            assertThat(slope).as("%s, errors %s", tableau.name(), java.util.Arrays.toString(errors))
                    .isCloseTo(tableau.order(), within(0.1));
        }
    }

    /** dx/dt = alpha' x0_hat + sigma' eps_hat through the one conversion formula, as {@link Step#velocity}. */
    private static NDArray velocity(NDArray x, double t) {
        PathPoint p = PathPoint.of(Fixtures.EDM, t);
        NDArray x0 = Fixtures.GAUSSIAN.posteriorMean(x, p);
        return Conversions.convert(p, LinearTarget.X0, LinearTarget.velocity(p)).apply(x, x0);
    }

    /**
     * The stepper forms x + (sum_i b_i k_i) h. For Heun that is the trapezoidal step x + (d + d') (h/2) bit for bit
     * (halving is exact, so 0.5 d + 0.5 d' = (d + d')/2 exactly), and for the midpoint method x + h d(x + (h/2) d).
     */
    @Test
    void heunAndTheMidpointMethodAreTheirFormulasBitForBit() {
        double[] grid = {80, 41.3, 17.9, 6.2, 1.7, 0.31, 0.05};
        NDArray heun = Integrator.integrate(solver(new RungeKutta(HEUN)), new Fixtures.Context(1), grid, x).x();
        NDArray midpoint = Integrator.integrate(solver(new RungeKutta(MIDPOINT)), new Fixtures.Context(1), grid, x).x();
        NDArray trapezoidal = x;
        NDArray byMidpoint = x;
        for (int i = 0; i + 1 < grid.length; i++) {
            double t = grid[i];
            double h = grid[i + 1] - t;
            NDArray d = velocity(trapezoidal, t);
            NDArray dNext = velocity(trapezoidal.add(d.mul(h)), grid[i + 1]);
            trapezoidal = trapezoidal.add(d.add(dNext).mul(0.5 * h));
            NDArray half = byMidpoint.add(velocity(byMidpoint, t).mul(0.5 * h));
            byMidpoint = byMidpoint.add(velocity(half, t + 0.5 * h).mul(h));
        }
        assertThat(heun.toDoubleArray()).containsExactly(trapezoidal.toDoubleArray());
        assertThat(midpoint.toDoubleArray()).containsExactly(byMidpoint.toDoubleArray());
    }

    /** A node c = 1 is the next grid time itself, even where t + (t_{i+1} - t) rounds elsewhere. */
    @Test
    void aUnitNodeIsEvaluatedAtExactlyTheNextGridTime() {
        double[] grid = {80, 0.3};
        assertThat(grid[0] + (grid[1] - grid[0])).isNotEqualTo(grid[1]); // the naive node would miss it
        Fixtures.Context context = new Fixtures.Context(1);
        Integrator.integrate(solver(new RungeKutta(HEUN)), context, grid, x);
        assertThat(context.times).containsExactly(80.0, 0.3);
    }

    /** EDM's final step: Euler on the grid's last step, so 2N - 1 evaluations and none at sigma = 0. */
    @Test
    void theEulerFinalStepEvaluatesOnlyAtItsStart() {
        double[] grid = {80, 10, 1, 0.1, 0};
        Fixtures.Context context = new Fixtures.Context(1);
        Solver edm = solver(new RungeKutta(HEUN, RungeKutta.FinalStep.EULER));
        Solution solution = Integrator.integrate(edm, context, grid, x);
        assertThat(solution.nfe()).isEqualTo(2 * 4 - 1);
        assertThat(context.times).containsExactly(80.0, 10.0, 10.0, 1.0, 1.0, 0.1, 0.1);
        // Heun's steps down to 0.1, then the Euler step x + (0 - 0.1) v(x, 0.1) as one combination of x and x0_hat,
        // (1 - 0.1 v.onX) x + (-0.1 v.onOther) x0_hat (Step#alongVelocity), which this denoiser forms after x0_hat
        NDArray throughHeun = Integrator.integrate(solver(new RungeKutta(HEUN)), new Fixtures.Context(1),
                new double[] {80, 10, 1, 0.1}, x).x();
        PathPoint last = PathPoint.of(Fixtures.EDM, 0.1);
        Combination move = new Combination(1.0, -0.1)
                .after(Conversions.convert(last, LinearTarget.X0, LinearTarget.velocity(last)));
        NDArray euler = move.apply(throughHeun, Fixtures.GAUSSIAN.posteriorMean(throughHeun, last));
        assertThat(solution.x().toDoubleArray()).containsExactly(euler.toDoubleArray());
        // the full Heun step would ask for x0_hat at sigma = 0: the loop refuses it
        assertThatThrownBy(() -> Integrator.integrate(solver(new RungeKutta(HEUN)), new Fixtures.Context(1), grid, x))
                .hasMessageContaining("at t=0.0 in step 4 of 4");
    }

    /** From a time raised above the step's start (EDM's churn), the step integrates from there to t_{i+1}. */
    @Test
    void aStepFromARaisedTimeIntegratesFromThere() {
        double[] grid = {10, 5};
        RungeKutta heun = new RungeKutta(HEUN);
        Solver raised = new Solver() {
            public int order() { return 2; }
            public Stepper start(Integration run) { return (step, state) -> heun.step(step, 12, state); }
        };
        Fixtures.Context context = new Fixtures.Context(1);
        NDArray ours = Integrator.integrate(raised, context, grid, x).x();
        NDArray fromTwelve = Integrator.integrate(solver(heun), new Fixtures.Context(1), new double[] {12, 5}, x).x();
        assertThat(context.times).containsExactly(12.0, 5.0);
        assertThat(ours.toDoubleArray()).containsExactly(fromTwelve.toDoubleArray());
    }
}
