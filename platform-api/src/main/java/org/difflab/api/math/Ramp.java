package org.difflab.api.math;

/**
 * Evenly spaced points, as numpy's and torch's {@code linspace(start, end, n)}: the ramp behind every grid that is
 * uniform in some coordinate (Karras et al.'s rho schedule in sigma^(1/rho), EDM's VP time steps, DDPM's linear
 * betas, score SDE's and DPM-Solver's time grids).
 */
public final class Ramp {

    private Ramp() {}

    /** Position i/(n-1) of point i of an n-point ramp from 0 to 1; 0 when n = 1. */
    public static double fraction(int i, int n) {
        return n == 1 ? 0.0 : (double) i / (n - 1);
    }

    /**
     * n points from start to end, point i at start + (i/(n-1)) (end - start); {start} when n = 1. The last point is
     * computed like the others, so it may miss {@code end} by an ulp; grids that need exact ends set them.
     */
    public static double[] linspace(double start, double end, int n) {
        double[] points = new double[n];
        for (int i = 0; i < n; i++) {
            points[i] = start + fraction(i, n) * (end - start);
        }
        return points;
    }
}
