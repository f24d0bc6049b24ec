package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.function.Supplier;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

/**
 * The second-order last step to sigma = 0 ({@link FinalStep#MIDPOINT}): its local error falls at least like
 * sigma_{N-1}^3 where the first-order one falls like sigma_{N-1}^2, for every solver that offers it, and it is
 * the denoiser extrapolated linearly to sigma = 0.
 */
class FinalStepTest extends ArrayTest {

    private static final double[] LEVELS = {0.04, 0.02, 0.01, 0.005};

    private final java.util.Map<String, NDArray> exactEndpoints = new java.util.HashMap<>();

    /** The exact endpoint from the k-th level, computed once per process. */
    private NDArray exact(ForwardProcess process, int k, NDArray x, double[] grid) {
        return exactEndpoints.computeIfAbsent(process + "/" + k,
                key -> Measure.exactEndpoint(Mixtures.THREE, process, grid, x));
    }

    /** Slope of log(error of one step from sigma to 0) against log sigma, from x on the marginal at sigma. */
    private double localOrder(Supplier<Solver> solver, ForwardProcess process) {
        double[] errors = new double[LEVELS.length];
        int[] inverse = new int[LEVELS.length];
        for (int k = 0; k < LEVELS.length; k++) {
            double t = process.timeAtNoiseLevel(LEVELS[k]);
            NDArray data = manager.create(Mixtures.THREE.sample(256, new Rng(3))).toType(DataType.FLOAT64, false);
            NDArray noise = new Rng(4).normal(manager, new Shape(256, 2), DataType.FLOAT64);
            NDArray x = data.mul(process.alpha(t)).add(noise.mul(process.sigma(t)));
            double[] grid = {t, process.tMin()};
            NDArray exact = exact(process, k, x, grid);
            errors[k] = Measure.maxAbs(new TestContext(process, Mixtures.THREE, 0).integrate(solver.get(), grid, x).x(),
                    exact);
            inverse[k] = (int) Math.round(1 / LEVELS[k]);
        }
        System.out.printf("final step of %s on %s from sigma = %s: errors %s%n", solver.get().getClass().getSimpleName(),
                process, Arrays.toString(LEVELS), Arrays.toString(errors));
        return Measure.order(inverse, errors); // the slope against 1/sigma, as against N
    }

    /**
     * Local orders: Euler's last step 2; the midpoint rule's at least 3 (a second-order method). Measured here
     * 3.4-3.9 (per halving 2.7, 3.6, 3.9 on EDM's process): near sigma = 0 the flow x~(sigma) is even in sigma
     * (a series in sigma^2), so the midpoint rule's sigma^3 term vanishes and its error tends to O(sigma^4).
     */
    @Test
    void theMidpointLastStepIsSecondOrderAndTheEulerOneFirst() {
        for (ForwardProcess process : new ForwardProcess[] {TestProcesses.EDM, TestProcesses.VP}) {
            assertThat(localOrder(() -> new HeunSolver(new HeunSolver.Options(FinalStep.EULER)), process))
                    .isCloseTo(2, within(0.3));
            assertThat(localOrder(() -> new HeunSolver(new HeunSolver.Options(FinalStep.MIDPOINT)), process))
                    .isGreaterThan(2.7);
            assertThat(localOrder(() -> new DpmSolver(new DpmSolver.Options(2, FinalStep.MIDPOINT)), process))
                    .isGreaterThan(2.7);
            assertThat(localOrder(() -> new DpmSolverPlusPlus2S(new DpmSolverPlusPlus2S.Options(FinalStep.MIDPOINT)),
                    process)).isGreaterThan(2.7);
        }
    }

    /** On EDM's process the midpoint last step is 2 D(x_mid; sigma/2) - D(x; sigma), x_mid = (x + D(x; sigma))/2. */
    @Test
    void theMidpointLastStepExtrapolatesTheDenoiserToZero() {
        double sigma = 0.3;
        NDArray x = Measure.prior(manager, TestProcesses.EDM, sigma, 32, 2, 1).add(0.5);
        NDArray d = Mixtures.THREE.posteriorMean(x, org.difflab.api.math.PathPoint.of(TestProcesses.EDM, sigma));
        NDArray middle = x.add(d).div(2);
        NDArray dMiddle = Mixtures.THREE.posteriorMean(middle,
                org.difflab.api.math.PathPoint.of(TestProcesses.EDM, sigma / 2));
        NDArray ours = new TestContext(TestProcesses.EDM, Mixtures.THREE, 0).integrate(
                new HeunSolver(new HeunSolver.Options(FinalStep.MIDPOINT)), new double[] {sigma, 0}, x).x();
        assertThat(Measure.maxAbs(ours, dMiddle.mul(2).sub(d))).isLessThan(1e-14);
    }
}
