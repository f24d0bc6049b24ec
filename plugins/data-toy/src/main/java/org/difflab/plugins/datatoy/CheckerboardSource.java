package org.difflab.plugins.datatoy;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * Uniform density on the filled squares of a checkerboard. The board [-scale, scale]^2 is cut into
 * squares x squares cells of width w = 2 scale / squares; cell (i, j) (column i, row j, from the lower left) is
 * filled when i + j is even. Recipe for one point: pick a filled cell uniformly, then a uniform point in it.
 * Each column holds the same number of filled cells when squares is even, so then each coordinate's marginal is
 * uniform on [-scale, scale]. No noise: the sharp edges are what makes the set hard.
 */
@Extension
@Component(id = "checkerboard", summary = "uniform on the filled squares of a checkerboard (2-D, no closed form)")
public final class CheckerboardSource extends PlanarToySource {

    /** Options of {@link CheckerboardSource}. */
    public record Options(
            @Param(doc = "number of cells along each side of the board", defaultValue = "4", min = 2) int squares,
            @Param(doc = "half-width of the board [-scale, scale]^2, in data units", defaultValue = "2.0", min = 0,
                    exclusiveMin = true) double scale) {

        public Options {
            OptionChecks.atLeast("squares", squares, 2);
            OptionChecks.positive("scale", scale);
        }
    }

    private final double scale;
    private final double width;
    private final int[] filledColumns;
    private final int[] filledRows;

    /** A board of the given size. */
    public CheckerboardSource(Options options) {
        int n = options.squares();
        int filled = (n * n + 1) / 2;
        filledColumns = new int[filled];
        filledRows = new int[filled];
        int next = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if ((i + j) % 2 == 0) {
                    filledColumns[next] = i;
                    filledRows[next] = j;
                    next++;
                }
            }
        }
        this.scale = options.scale();
        this.width = 2.0 * options.scale() / n;
    }

    @Override
    protected void draw(Rng rng, double[] point) {
        int cell = rng.nextInt(filledColumns.length);
        point[0] = -scale + width * (filledColumns[cell] + rng.nextDouble());
        point[1] = -scale + width * (filledRows[cell] + rng.nextDouble());
    }
}
