package org.difflab.plugins.datatoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

/**
 * Each toy set follows its documented recipe: noise-free draws lie exactly on the curve or region (to
 * rounding, 1e-12), and sample statistics match values computed from the recipe within 5 standard errors.
 */
class ToySetsTest {

    private static final int N = 100_000;
    private static final double ON_CURVE = 1e-12;

    @Test
    void moonsLieOnTwoInterleavedHalfCircles() {
        double scale = 1.5;
        MoonsSource moons = new MoonsSource(new MoonsSource.Options(0.0, scale));
        assertThat(moons.closedForm()).isEmpty();
        double[][] x = Draws.rows(moons, N, new Rng(1));
        // After centring by (1/2, 1/4): the upper moon is centred at scale*(-1/2, -1/4) and lies above its centre,
        // the lower one at scale*(1/2, 1/4) and lies below it; both have radius scale.
        double[] upperCentre = {-0.5 * scale, -0.25 * scale};
        double[] lowerCentre = {0.5 * scale, 0.25 * scale};
        double[] isUpper = new double[N];
        for (int i = 0; i < N; i++) {
            double upperRadius = Math.hypot(x[i][0] - upperCentre[0], x[i][1] - upperCentre[1]);
            double lowerRadius = Math.hypot(x[i][0] - lowerCentre[0], x[i][1] - lowerCentre[1]);
            boolean upper = Math.abs(upperRadius - scale) < ON_CURVE && x[i][1] >= upperCentre[1] - ON_CURVE;
            boolean lower = Math.abs(lowerRadius - scale) < ON_CURVE && x[i][1] <= lowerCentre[1] + ON_CURVE;
            assertThat(upper || lower).as("point %s on a moon", i).isTrue();
            isUpper[i] = upper ? 1.0 : 0.0;
        }
        assertThat(Draws.mean(isUpper)).isCloseTo(0.5, within(5 * 0.5 / Math.sqrt(N)));
        for (int j = 0; j < 2; j++) {
            double[] column = Draws.column(x, j);
            assertThat(Draws.mean(column)).as("centred, coordinate %d", j)
                    .isCloseTo(0.0, within(5 * Draws.standardError(column)));
        }
    }

    @Test
    void moonsNoiseAddsItsVariance() {
        double noise = 0.3;
        double[][] x = Draws.rows(new MoonsSource(new MoonsSource.Options(noise, 1.0)), N, new Rng(2));
        // Unscaled moons: Var x = E[x^2] - 1/4 = (1/2 + 3/2)/2 - 1/4 = 3/4;
        // Var y = (1/2 + 3/4 - 2/pi)/2 - 1/16 = 9/16 - 1/pi. Independent noise adds noise^2.
        double[] expected = {0.75 + noise * noise, 9.0 / 16 - 1 / Math.PI + noise * noise};
        for (int j = 0; j < 2; j++) {
            double[] column = Draws.column(x, j);
            double m = Draws.mean(column);
            double[] squares = new double[N];
            for (int i = 0; i < N; i++) {
                squares[i] = (column[i] - m) * (column[i] - m);
            }
            assertThat(Draws.mean(squares)).as("variance %d", j)
                    .isCloseTo(expected[j], within(5 * Draws.standardError(squares)));
        }
    }

    @Test
    void checkerboardFillsOnlyEvenCellsWithUniformMarginals() {
        double scale = 2.0;
        int squares = 4;
        double width = 2 * scale / squares;
        double[][] x = Draws.rows(new CheckerboardSource(new CheckerboardSource.Options(squares, scale)), N, new Rng(3));
        int[] perCell = new int[squares * squares];
        for (double[] point : x) {
            assertThat(point[0]).isBetween(-scale, scale);
            assertThat(point[1]).isBetween(-scale, scale);
            int column = Math.min(squares - 1, (int) Math.floor((point[0] + scale) / width));
            int row = Math.min(squares - 1, (int) Math.floor((point[1] + scale) / width));
            assertThat((column + row) % 2).as("cell (%d, %d) is filled", column, row).isZero();
            perCell[column * squares + row]++;
        }
        // 8 filled cells, each with probability 1/8: binomial standard error sqrt(p(1-p)/N).
        double p = 1.0 / 8;
        for (int column = 0; column < squares; column++) {
            for (int row = 0; row < squares; row++) {
                if ((column + row) % 2 == 0) {
                    assertThat((double) perCell[column * squares + row] / N)
                            .isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / N)));
                }
            }
        }
        // With an even board each column holds two filled cells, so x is uniform on [-scale, scale]:
        // mean 0, variance (2 scale)^2 / 12; a uniform's squared deviation has sd (2 scale)^2 / sqrt(180).
        double[] xs = Draws.column(x, 0);
        assertThat(Draws.mean(xs)).isCloseTo(0.0, within(5 * Math.sqrt(4 * scale * scale / 12 / N)));
        assertThat(Draws.variance(xs)).isCloseTo(4 * scale * scale / 12,
                within(5 * 4 * scale * scale / Math.sqrt(180.0 * N)));
    }

    @Test
    void swissRollFollowsTheSpiral() {
        double scale = 0.2;
        double[][] x = Draws.rows(new SwissRollSource(new SwissRollSource.Options(0.0, scale)), N, new Rng(4));
        double[] turns = new double[N];
        for (int i = 0; i < N; i++) {
            double t = Math.hypot(x[i][0], x[i][1]) / scale;
            assertThat(t).isBetween(1.5 * Math.PI - ON_CURVE, 4.5 * Math.PI + ON_CURVE);
            // (x, y) = scale t (cos t, sin t): the angle equals the radius parameter.
            assertThat(x[i][0]).isCloseTo(scale * t * Math.cos(t), within(ON_CURVE));
            assertThat(x[i][1]).isCloseTo(scale * t * Math.sin(t), within(ON_CURVE));
            turns[i] = t;
        }
        // t = 1.5 pi (1 + 2u): uniform on [1.5 pi, 4.5 pi], mean 3 pi, sd 3 pi / sqrt(12).
        assertThat(Draws.mean(turns)).isCloseTo(3 * Math.PI, within(5 * 3 * Math.PI / Math.sqrt(12.0 * N)));
    }

    @Test
    void ringsHaveEquallyLikelyRadiiRadiusKOverK() {
        int rings = 4;
        double radius = 2.0;
        double[][] x = Draws.rows(new ConcentricRingsSource(new ConcentricRingsSource.Options(rings, radius, 0.0)),
                N, new Rng(5));
        int[] counts = new int[rings + 1];
        for (double[] point : x) {
            double r = Math.hypot(point[0], point[1]);
            int k = (int) Math.round(r * rings / radius);
            assertThat(k).isBetween(1, rings);
            assertThat(r).isCloseTo(radius * k / rings, within(ON_CURVE));
            counts[k]++;
        }
        double p = 1.0 / rings;
        for (int k = 1; k <= rings; k++) {
            assertThat((double) counts[k] / N).as("share of ring %d", k)
                    .isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / N)));
        }
    }

    @Test
    void ringsNoiseAddsTwiceItsVarianceToTheSquaredRadius() {
        int rings = 3;
        double radius = 1.5;
        double noise = 0.2;
        double[][] x = Draws.rows(new ConcentricRingsSource(new ConcentricRingsSource.Options(rings, radius, noise)),
                N, new Rng(6));
        double[] squaredNorms = new double[N];
        for (int i = 0; i < N; i++) {
            squaredNorms[i] = x[i][0] * x[i][0] + x[i][1] * x[i][1];
        }
        // E|p|^2 = mean_k (radius k/K)^2 + 2 noise^2 (independent noise in each coordinate).
        double expected = 0;
        for (int k = 1; k <= rings; k++) {
            expected += Math.pow(radius * k / rings, 2) / rings;
        }
        expected += 2 * noise * noise;
        assertThat(Draws.mean(squaredNorms)).isCloseTo(expected, within(5 * Draws.standardError(squaredNorms)));
    }
}
