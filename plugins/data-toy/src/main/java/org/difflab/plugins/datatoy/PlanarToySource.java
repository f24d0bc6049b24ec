package org.difflab.plugins.datatoy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.DataSource;
import org.difflab.api.math.Rng;

/**
 * A 2-D toy distribution given only by a generative recipe (no closed form): each point is drawn
 * independently by {@link #draw}.
 */
public abstract class PlanarToySource implements DataSource {

    @Override
    public Shape sampleShape() {
        return new Shape(2);
    }

    @Override
    public NDArray sample(NDManager manager, int n, Rng rng) {
        Rows.checkCount(n);
        double[][] rows = new double[n][2];
        for (double[] row : rows) {
            draw(rng, row);
        }
        return Rows.toArray(manager, rows, 2);
    }

    /** Draws one point into {@code point} (length 2), using only {@code rng}. */
    protected abstract void draw(Rng rng, double[] point);
}
