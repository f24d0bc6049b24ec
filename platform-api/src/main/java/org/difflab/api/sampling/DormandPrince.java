package org.difflab.api.sampling;

/**
 * The Dormand-Prince 5(4) pair (Dormand and Prince 1980), as SciPy's solve_ivp(method='RK45') uses it: the
 * fifth-order method steps, the embedded fourth-order one estimates the error, and the last stage is the next
 * step's first (FSAL). Shared by the adaptive ODE sampler and the probability-flow likelihood.
 */
public final class DormandPrince {

    /** The fifth-order method. */
    public static final ButcherTableau TABLEAU = new ButcherTableau("dormand-prince", 5,
            new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1},
            new double[][] {
                {},
                {1.0 / 5},
                {3.0 / 40, 9.0 / 40},
                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656}},
            new double[] {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84});

    /**
     * Error weights: the fifth-order minus the embedded fourth-order weights, over the 6 stages and the FSAL stage
     * f(x_{i+1}); the local error estimate of a step h is h sum_j ERROR_j k_j.
     */
    private static final double[] ERROR = {-71.0 / 57600, 0, 71.0 / 16695, -71.0 / 1920, 17253.0 / 339200,
        -22.0 / 525, 1.0 / 40};

    private DormandPrince() {}

    /** A copy of the error weights (7 entries: the 6 stages and the FSAL stage). */
    public static double[] errorWeights() {
        return ERROR.clone();
    }
}
