package org.difflab.api.sampling;

import java.util.Arrays;

/**
 * An explicit Runge-Kutta method as data (Butcher 1964): with s stages, from (t, x) over a step h,
 * <pre>  k_i = f(t + c_i h, x + h sum_{j&lt;i} a_ij k_j),   x_next = x + h sum_i b_i k_i.</pre>
 * The constructor checks that the tableau is explicit (row i of a has i entries), that c_1 = 0, and the
 * consistency conditions sum_j a_ij = c_i and sum_i b_i = 1 (to 1e-14), so a mistyped coefficient is caught
 * when the tableau is built. Run it with {@link RungeKutta}.
 *
 * @param name e.g. "heun"
 * @param order the method's global order
 * @param c the nodes, one per stage
 * @param a the strictly lower-triangular coefficients: a[i] has i entries
 * @param b the weights, one per stage
 */
public record ButcherTableau(String name, int order, double[] c, double[][] a, double[] b) {

    private static final double TOLERANCE = 1e-14;

    public ButcherTableau {
        int stages = b.length;
        if (stages < 1 || c.length != stages || a.length != stages) {
            throw new IllegalArgumentException("tableau " + name + ": b, c and a need one entry per stage; got "
                    + b.length + ", " + c.length + " and " + a.length);
        }
        if (order < 1) {
            throw new IllegalArgumentException("tableau " + name + ": order must be at least 1, got " + order);
        }
        if (c[0] != 0) {
            throw new IllegalArgumentException("tableau " + name + ": an explicit method starts at c_1 = 0, got "
                    + c[0]);
        }
        c = c.clone();
        b = b.clone();
        double[][] rows = new double[stages][];
        for (int i = 0; i < stages; i++) {
            if (a[i].length != i) {
                throw new IllegalArgumentException("tableau " + name + ": row " + (i + 1) + " of a must have " + i
                        + " entries (explicit method), got " + a[i].length);
            }
            rows[i] = a[i].clone();
            double sum = Arrays.stream(rows[i]).sum();
            if (Math.abs(sum - c[i]) > TOLERANCE) {
                throw new IllegalArgumentException("tableau " + name + ": row " + (i + 1) + " of a sums to " + sum
                        + " but c_" + (i + 1) + " = " + c[i]);
            }
        }
        a = rows;
        double weights = Arrays.stream(b).sum();
        if (Math.abs(weights - 1) > TOLERANCE) {
            throw new IllegalArgumentException("tableau " + name + ": the weights b sum to " + weights + ", not 1");
        }
    }

    /** Number of stages s. */
    public int stages() {
        return b.length;
    }

    /** A copy of the nodes. */
    @Override
    public double[] c() {
        return c.clone();
    }

    /** A copy of the coefficients. */
    @Override
    public double[][] a() {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }

    /** A copy of the weights. */
    @Override
    public double[] b() {
        return b.clone();
    }

    @Override
    public String toString() {
        return "ButcherTableau[" + name + ", order " + order + ", c=" + Arrays.toString(c) + ", a="
                + Arrays.deepToString(a) + ", b=" + Arrays.toString(b) + "]";
    }
}
