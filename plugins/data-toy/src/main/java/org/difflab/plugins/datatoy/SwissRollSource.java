package org.difflab.plugins.datatoy;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * A 2-D Swiss roll (the spiral of scikit-learn's make_swiss_roll, seen along its axis). Recipe for one point:
 * draw u ~ U(0, 1) and t = 1.5 pi (1 + 2u), so t covers one and a half turns in [1.5 pi, 4.5 pi]; the point is
 * scale (t cos t, t sin t), plus N(0, noise^2) in each coordinate. With the default scale 0.2 the roll reaches
 * radius 0.9 pi ~ 2.8.
 */
@Extension
@Component(id = "swiss-roll", summary = "2-D Swiss roll spiral (no closed form)")
public final class SwissRollSource extends PlanarToySource {

    /** Options of {@link SwissRollSource}. */
    public record Options(
            @Param(doc = "standard deviation of the Gaussian noise added to each coordinate, in output units",
                    defaultValue = "0.1", min = 0) double noise,
            @Param(doc = "factor on the spiral (t cos t, t sin t), t in [1.5 pi, 4.5 pi]", defaultValue = "0.2",
                    min = 0, exclusiveMin = true) double scale) {

        public Options {
            OptionChecks.nonNegative("noise", noise);
            OptionChecks.positive("scale", scale);
        }
    }

    private final Options options;

    /** A roll of the given scale and noise. */
    public SwissRollSource(Options options) {
        this.options = options;
    }

    @Override
    protected void draw(Rng rng, double[] point) {
        double t = 1.5 * Math.PI * (1.0 + 2.0 * rng.nextDouble());
        point[0] = options.scale() * t * Math.cos(t) + options.noise() * rng.nextGaussian();
        point[1] = options.scale() * t * Math.sin(t) + options.noise() * rng.nextGaussian();
    }
}
