package org.difflab.plugins.datatoy;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * Two interleaving half circles ("two moons", the geometry of scikit-learn's make_moons). Recipe for one point:
 * pick the upper or the lower moon with probability 1/2; draw theta ~ U(0, pi); the upper moon is
 * (cos theta, sin theta), the lower (1 - cos theta, 1/2 - sin theta); subtract the set's mean (1/2, 1/4) so
 * it is centred at 0; multiply by {@code scale}; add N(0, noise^2) to each coordinate.
 */
@Extension
@Component(id = "moons", summary = "two interleaving half circles (2-D, no closed form)")
public final class MoonsSource extends PlanarToySource {

    /** Options of {@link MoonsSource}. */
    public record Options(
            @Param(doc = "standard deviation of the Gaussian noise added to each coordinate, in output units",
                    defaultValue = "0.1", min = 0) double noise,
            @Param(doc = "factor on the unit-radius moons (radius of each half circle)", defaultValue = "1.0",
                    min = 0, exclusiveMin = true) double scale) {

        public Options {
            OptionChecks.nonNegative("noise", noise);
            OptionChecks.positive("scale", scale);
        }
    }

    /** Mean of the unscaled moons: E[cos] = 0, E[sin] = 2/pi, so ((0 + 1)/2, (2/pi + 1/2 - 2/pi)/2). */
    private static final double CENTRE_X = 0.5;
    private static final double CENTRE_Y = 0.25;

    private final Options options;

    /** Moons of the given scale and noise. */
    public MoonsSource(Options options) {
        this.options = options;
    }

    @Override
    protected void draw(Rng rng, double[] point) {
        boolean upper = rng.nextDouble() < 0.5;
        double theta = Math.PI * rng.nextDouble();
        double x = upper ? Math.cos(theta) : 1.0 - Math.cos(theta);
        double y = upper ? Math.sin(theta) : 0.5 - Math.sin(theta);
        point[0] = options.scale() * (x - CENTRE_X) + options.noise() * rng.nextGaussian();
        point[1] = options.scale() * (y - CENTRE_Y) + options.noise() * rng.nextGaussian();
    }
}
