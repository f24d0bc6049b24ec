package org.difflab.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LevenbergMarquardtTest {

    @Test
    void findsRosenbrocksMinimumAsALeastSquaresProblem() {
        // r = (10 (y - x^2), 1 - x): sum of squares = Rosenbrock's function, minimum 0 at (1, 1)
        LevenbergMarquardt.Result result = LevenbergMarquardt.minimize(p -> new double[] {10 * (p[1] - p[0] * p[0]),
            1 - p[0]}, new double[] {-1.2, 1.0}, 500, 1e-30);
        assertThat(result.point()[0]).isCloseTo(1.0, within(1e-6));
        assertThat(result.point()[1]).isCloseTo(1.0, within(1e-6));
        assertThat(result.evaluations()).isLessThanOrEqualTo(500);
    }

    @Test
    void solvesALinearLeastSquaresProblemToTheNormalEquations() {
        // fit y = a + b x to (0, 1), (1, 2), (2, 2), (3, 4): normal equations give a = 0.9, b = 0.9
        double[] x = {0, 1, 2, 3};
        double[] y = {1, 2, 2, 4};
        LevenbergMarquardt.Result result = LevenbergMarquardt.minimize(p -> {
            double[] r = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                r[i] = p[0] + p[1] * x[i] - y[i];
            }
            return r;
        }, new double[] {0, 0}, 100, 1e-15);
        // forward differences are exact for a linear r up to round-off (~1e-10 relative at step 1e-6)
        assertThat(result.point()[0]).isCloseTo(0.9, within(1e-8));
        assertThat(result.point()[1]).isCloseTo(0.9, within(1e-8));
        // residuals -0.1, -0.2, 0.7, -0.4 at the solution
        assertThat(result.sumOfSquares()).isCloseTo(0.70, within(1e-12));
    }

    @Test
    void neverTakesAStepWhereTheResidualsAreUndefined() {
        // r = p - 3, undefined (NaN) beyond 2: the best point stays in the defined region, approaching 2
        LevenbergMarquardt.Result result = LevenbergMarquardt.minimize(p -> new double[] {p[0] > 2 ? Double.NaN
            : p[0] - 3}, new double[] {0.0}, 400, 0);
        assertThat(result.point()[0]).isLessThanOrEqualTo(2.0).isCloseTo(2.0, within(1e-2));
        assertThat(result.sumOfSquares()).isCloseTo(1.0, within(3e-2));
    }
}
