package org.difflab.plugins.datatoy;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * Concentric circles. Recipe for one point: pick ring k uniformly from 1..K, its radius is radius k/K; draw an
 * angle phi ~ U(0, 2 pi); the point is r (cos phi, sin phi) plus N(0, noise^2) in each coordinate. Every ring
 * gets the same share of points, so inner rings are denser along their arc.
 */
@Extension
@Component(id = "rings", summary = "concentric circles with radii radius*k/K (2-D, no closed form)")
public final class ConcentricRingsSource extends PlanarToySource {

    /** Options of {@link ConcentricRingsSource}. */
    public record Options(
            @Param(doc = "number of rings K", defaultValue = "4", min = 1) int rings,
            @Param(doc = "radius of the outer ring; ring k of K has radius radius*k/K, in data units",
                    defaultValue = "2.0", min = 0, exclusiveMin = true) double radius,
            @Param(doc = "standard deviation of the Gaussian noise added to each coordinate, in data units",
                    defaultValue = "0.05", min = 0) double noise) {

        public Options {
            OptionChecks.atLeast("rings", rings, 1);
            OptionChecks.positive("radius", radius);
            OptionChecks.nonNegative("noise", noise);
        }
    }

    private final Options options;

    /** Rings of the given count, outer radius and noise. */
    public ConcentricRingsSource(Options options) {
        this.options = options;
    }

    @Override
    protected void draw(Rng rng, double[] point) {
        int ring = 1 + rng.nextInt(options.rings());
        double r = options.radius() * ring / options.rings();
        double phi = 2.0 * Math.PI * rng.nextDouble();
        point[0] = r * Math.cos(phi) + options.noise() * rng.nextGaussian();
        point[1] = r * Math.sin(phi) + options.noise() * rng.nextGaussian();
    }
}
