package org.difflab.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NelderMeadTest {

    @Test
    void findsRosenbrocksMinimum() {
        // f = (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1), a curved valley the simplex has to follow
        NelderMead.Result result = NelderMead.minimize(p -> Math.pow(1 - p[0], 2)
                + 100 * Math.pow(p[1] - p[0] * p[0], 2), new double[] {-1.2, 1.0}, 0.5, 2000, 1e-20);
        assertThat(result.point()[0]).isCloseTo(1.0, within(1e-4));
        assertThat(result.point()[1]).isCloseTo(1.0, within(1e-4));
        assertThat(result.evaluations()).isLessThanOrEqualTo(2000 + 3);
    }

    @Test
    void neverAcceptsANonFiniteValue() {
        // a quadratic with minimum at 3, undefined (NaN) beyond 2: the best point stays in the defined region, at 2
        NelderMead.Result result = NelderMead.minimize(p -> p[0] > 2 ? Double.NaN : (p[0] - 3) * (p[0] - 3),
                new double[] {0.0}, 0.5, 400, 1e-20);
        assertThat(result.point()[0]).isLessThanOrEqualTo(2.0).isCloseTo(2.0, within(1e-3));
        assertThat(result.value()).isCloseTo(1.0, within(2e-3));
    }

    @Test
    void withNoVariablesEvaluatesOnce() {
        NelderMead.Result result = NelderMead.minimize(p -> 7.0, new double[0], 1, 100, 0);
        assertThat(result.value()).isEqualTo(7.0);
        assertThat(result.evaluations()).isEqualTo(1);
    }
}
