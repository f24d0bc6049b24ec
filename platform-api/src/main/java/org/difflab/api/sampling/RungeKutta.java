package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;

/**
 * An explicit Runge-Kutta method ({@link ButcherTableau}) on the probability-flow ODE dx/dt = v(x, t) =
 * alpha' x0_hat + sigma' eps_hat, in the process's own time: each stage is one denoiser evaluation. A stage at
 * node c = 1 is evaluated at exactly t_{i+1}.
 *
 * <p>Arithmetic: each slope k_i = v(Y_i, t_i) is one {@link Step#velocity(NDArray, double)} call, in which the
 * model may fold the velocity's combination of x and x0_hat (the exact denoiser does). A one-stage method (Euler)
 * is x + b_1 h v(x, t) in that one call ({@link Step#alongVelocity}). Stage inputs are x + (sum_j a_ij k_j) h and
 * the step is x + (sum_i b_i k_i) h, zero weights skipped. Where the nonzero weights are all one power of two w
 * (Heun's 1/2, 1/2), the sum is formed unweighted and multiplied by w h once: scaling by a power of two is exact,
 * so this rounds exactly as (sum_i w k_i) h, in two array operations fewer; for Heun's tableau this is
 * x + h (k_1 + k_2)/2 bit for bit. (The {@code heun} solver takes EDM's Algorithm 1 in its own folded form.)
 *
 * <p>Final step: {@link FinalStep#EULER} takes the grid's last step as a probability-flow Euler step (EDM's
 * convention, Karras et al. 2022, Algorithm 1: no second-order correction towards sigma = 0);
 * {@link FinalStep#FULL} takes the full method there too, which must then keep its stages above a data end
 * (nodes c below 1), as the loop refuses an evaluation at sigma = 0.
 */
public final class RungeKutta implements Stepper {

    /** How the grid's last step is taken. */
    public enum FinalStep {
        /** The full method, as on every other step. */
        FULL,
        /** A probability-flow Euler step (EDM's Algorithm 1 and 2). */
        EULER
    }

    private final ButcherTableau tableau;
    private final FinalStep finalStep;
    private final double[] c;
    private final double[][] a;
    private final double[] b;

    /** The full method on every step. */
    public RungeKutta(ButcherTableau tableau) {
        this(tableau, FinalStep.FULL);
    }

    /** The method with the given final step. */
    public RungeKutta(ButcherTableau tableau, FinalStep finalStep) {
        this.tableau = tableau;
        this.finalStep = finalStep;
        this.c = tableau.c();
        this.a = tableau.a();
        this.b = tableau.b();
    }

    /** The tableau. */
    public ButcherTableau tableau() {
        return tableau;
    }

    @Override
    public NDArray step(Step step, NDArray x) {
        return step(step, step.t(), x);
    }

    /**
     * One step from {@code from} (the step's t, or a time above it, as EDM's churn raises it) to the step's tNext.
     */
    public NDArray step(Step step, double from, NDArray x) {
        double to = step.tNext();
        double h = to - from;
        boolean euler = finalStep == FinalStep.EULER && step.isFinal();
        int stages = euler ? 1 : b.length;
        if (stages == 1) {
            return step.alongVelocity(x, from, 1.0, (euler ? 1.0 : b[0]) * h);   // x + b_1 h v(x, t), one evaluation
        }
        NDArray[] k = new NDArray[stages];
        for (int i = 0; i < stages; i++) {
            NDArray increment = increment(k, a[i], i, h);
            NDArray stageX = increment == null ? x : x.add(increment);
            double stageT = c[i] == 0 ? from : c[i] == 1 ? to : from + c[i] * h;
            k[i] = step.velocity(stageX, stageT);
        }
        return x.add(increment(k, b, stages, h));
    }

    /**
     * (sum_j weights[j] k[j]) h over j &lt; n, skipping zero weights and not scaling by a unit one; null if every
     * weight is zero. Arrays made here are updated in place; the k[j] never are.
     */
    private static NDArray increment(NDArray[] k, double[] weights, int n, double h) {
        double common = commonPowerOfTwo(weights, n);
        NDArray sum = null;
        for (int j = 0; j < n; j++) {
            if (weights[j] == 0) {
                continue;
            }
            NDArray term = common != 0 || weights[j] == 1 ? k[j] : k[j].mul(weights[j]);
            if (sum == null) {
                sum = term;
            } else {
                sum = isOwnSum(sum, k) ? sum.addi(term) : sum.add(term);
            }
        }
        if (sum == null) {
            return null;
        }
        double scale = common != 0 ? common * h : h;
        return isOwnSum(sum, k) ? sum.muli(scale) : sum.mul(scale);
    }

    /** Whether {@code sum} was made by {@link #increment} (it is none of the stages' k). */
    private static boolean isOwnSum(NDArray sum, NDArray[] k) {
        for (NDArray stage : k) {
            if (sum == stage) {
                return false;
            }
        }
        return true;
    }

    /** The nonzero weights' common value if they are all one power of two, of either sign (1/2, 1, -2, ...), else 0. */
    private static double commonPowerOfTwo(double[] weights, int n) {
        double common = 0;
        for (int j = 0; j < n; j++) {
            double w = weights[j];
            if (w == 0) {
                continue;
            }
            if (common != 0 && w != common || Math.abs(w) != Math.scalb(1.0, Math.getExponent(w))) {
                return 0;
            }
            common = w;
        }
        return common;
    }

    @Override
    public String toString() {
        return "RungeKutta[" + tableau.name() + ", final step " + finalStep + "]";
    }
}
