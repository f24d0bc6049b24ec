package org.difflab.tck.oracle;

/** Empirical convergence orders. */
public final class Convergence {

    private Convergence() {}

    /**
     * The least-squares slope of log(error) against log(steps), negated: a method of global order p has
     * error ~ C N^-p, so this estimates p.
     */
    public static double order(int[] steps, double[] errors) {
        int n = steps.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(steps[i]) / n;
            my += Math.log(errors[i]) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(steps[i]) - mx;
            sxy += dx * (Math.log(errors[i]) - my);
            sxx += dx * dx;
        }
        return -sxy / sxx;
    }
}
