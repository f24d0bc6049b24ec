package org.difflab.api.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.math.Ramp;
import org.junit.jupiter.api.Test;

/** The closed-form noise-level grids and the ramp behind them, against the papers' formulas written out here. */
class NoiseLevelsTest {

    @Test
    void linspaceIsNumpysRampWithItsOnePointCase() {
        assertThat(Ramp.linspace(0.0, 1.0, 5)).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
        assertThat(Ramp.linspace(1.0, 0.0, 3)).containsExactly(1.0, 0.5, 0.0);
        assertThat(Ramp.linspace(2.5, -7.0, 1)).containsExactly(2.5);
        assertThat(Ramp.fraction(3, 7)).isEqualTo(0.5);
        assertThat(Ramp.fraction(0, 1)).isZero();
    }

    /**
     * Karras et al. (2022), eq. 5, written out; the interior levels are the formula to the bit, the ends are exactly
     * sigma_max and sigma_min. There the formula misses by its own rounding (the former arithmetic of the schedules):
     * top + 1 (bottom - top) is off by up to an ulp of top = sigma_max^(1/rho), which the power rho turns into
     * rho ulp(top)/bottom relative (~1.5e-15 for EDM's 0.002, 80, rho = 7; ~2e-12 for rho = 1).
     */
    @Test
    void karrasIsEdmEquationFiveWithExactEnds() {
        for (double rho : new double[] {1.0, 3.0, 7.0}) {
            for (int n : new int[] {1, 2, 18, 40}) {
                for (double[] range : new double[][] {{0.002, 80}, {0.0105, 152.16697028394637}, {0.01, 50}}) {
                    double lo = range[0];
                    double hi = range[1];
                    double[] levels = NoiseLevels.karras(n, lo, hi, rho);
                    assertThat(levels).hasSize(n);
                    for (int i = 0; i < n; i++) {
                        double ramp = n == 1 ? 0 : (double) i / (n - 1);
                        double eq5 = Math.pow(Math.pow(hi, 1 / rho) + ramp * (Math.pow(lo, 1 / rho)
                                - Math.pow(hi, 1 / rho)), rho);
                        if (i > 0 && i < n - 1) {
                            assertThat(levels[i]).isEqualTo(eq5);
                        } else {
                            double rounding = 2 * rho * Math.ulp(Math.pow(hi, 1 / rho)) / Math.pow(lo, 1 / rho);
                            assertThat(levels[i]).isCloseTo(eq5, within(rounding * eq5));
                        }
                    }
                    assertThat(levels[0]).isEqualTo(hi);
                    if (n > 1) {
                        assertThat(levels[n - 1]).isEqualTo(lo);
                    }
                }
            }
        }
    }

    /** EDM's VE discretization (Table 1): sigma_i = sigma_max (sigma_min/sigma_max)^(i/(N-1)), exact ends. */
    @Test
    void geometricIsUniformInLogSigmaWithExactEnds() {
        int n = 18;
        double[] levels = NoiseLevels.geometric(n, 0.02, 100);
        for (int i = 0; i < n; i++) {
            double expected = 100 * Math.pow(0.02 / 100, (double) i / (n - 1));
            assertThat(levels[i]).isCloseTo(expected, within(1e-14 * expected));
        }
        assertThat(levels[0]).isEqualTo(100.0);
        assertThat(levels[n - 1]).isEqualTo(0.02);
        assertThat(NoiseLevels.geometric(1, 0.02, 100)).containsExactly(100.0);
    }
}
