package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;

/**
 * The divided differences of the multistep exponential integrators in lambda (Lu et al. 2022a, section 3.3 and
 * 2022b, Algorithm 2 and its third-order extension), over the newest model output m at lambda_i and the older ones
 * in a {@link History} (newest first, at their lambdas), scaled by the step h = lambda_{i+1} - lambda_i. With
 * r0 = (lambda_i - lambda_{i-1})/h and r1 = (lambda_{i-1} - lambda_{i-2})/h:
 * <pre>
 *   d10 = (m_i - m_{i-1})/r0                       ~ h m'(lambda_i)            (first order in h)
 *   d1  = d10 + (d10 - d11) r0/(r0 + r1)            ~ h m'(lambda_i)            (exact for quadratics)
 *   d2  = (d10 - d11)/(r0 + r1)                     ~ h^2 m''(lambda_i)/2
 * </pre>
 * with d11 = (m_{i-1} - m_{i-2})/r1. Written so that a lambda of -inf (alpha = 0) at the newest time gives the
 * exact limits (r0 = inf: the differences across that step vanish).
 */
final class BackwardDifferences {

    private BackwardDifferences() {}

    /** d10 ~ h m'(lambda_i), from m at lambda and the newest earlier output. */
    static NDArray first(NDArray m, History previous, double lambda, double h) {
        double r0 = (lambda - previous.at(0)) / h;
        return m.sub(previous.value(0)).div(r0);
    }

    /** {d1, d2}: d1 ~ h m'(lambda_i) and d2 ~ h^2 m''(lambda_i)/2, from m and the two newest earlier outputs. */
    static NDArray[] second(NDArray m, History previous, double lambda, double h) {
        double r0 = (lambda - previous.at(0)) / h;
        double r1 = (previous.at(0) - previous.at(1)) / h;
        NDArray d10 = m.sub(previous.value(0)).div(r0);
        NDArray d11 = previous.value(0).sub(previous.value(1)).div(r1);
        NDArray d1 = d10.add(d10.sub(d11).mul(r0 / (r0 + r1)));
        NDArray d2 = d10.sub(d11).div(r0 + r1);
        return new NDArray[] {d1, d2};
    }
}
