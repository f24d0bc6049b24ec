package org.difflab.tck.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.ClosedFormData;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.PathPoint;
import org.difflab.api.sampling.StepScope;

/**
 * Exact endpoints of the probability-flow ODE for closed-form data: the oracle solver errors are measured
 * against.
 *
 * <p>All affine paths share one ODE: in EDM's coordinates x~ = x_t/alpha and noise level sigma = sigma_t/alpha
 * (Karras et al. 2022, eq. 4 with s = 1) it is dx~/dsigma = (x~ - D(x~; sigma))/sigma. It is integrated here on the
 * path x = (1 - tau) x0 + c tau eps with the same noise levels, sigma = c tau/(1 - tau), i.e. at time
 * tau = sigma/(c + sigma) with state x = (1 - tau) x~, where it reads dx/dtau = (x - D)/tau, and in s = ln tau:
 * dx/ds = x - D(x; tau). That form is regular over the whole range. Where sigma is well below c, tau ~ sigma/c and
 * x ~ x~: EDM's equation in ln sigma, smooth at every scale (c = {@link #SCALE} keeps every level at which data of
 * scale up to ~10 shapes the flow in that part, so the steps are spent as in ln sigma). At the noise end
 * sigma = +infinity is tau = 1, where x = c z (z = x_t/sigma_t, the initial draw) and D = E[x0] are finite, so
 * processes whose alpha is 0 there (rectified flow at t = 1) start from it like any other level. Classical RK4 on a
 * uniform s grid with Richardson extrapolation reaches ~1e-12 relative accuracy in float64. The end sigma = 0 is
 * approached to {@link #SIGMA_FLOOR}: the remaining change is O(floor^2 / s_min^2), far below the tolerance for
 * data whose smallest component std s_min is above 1e-3.
 *
 * <p>Convergence is judged per draw: each draw is accepted once its own Richardson change is below the tolerance, and
 * only the draws not yet accepted are integrated again with twice the steps. Draws differ: on the 16-D mixture of the
 * few-step frontier one draw in ~16,000, near a mode boundary, is still pre-asymptotic at 1,024 steps (its change
 * shrank 3.1x on that doubling, then 7x, 11x, 14x, and it needs 16,384 steps) while 90% of the others are accepted
 * at 2,048 and all but 3 by 8,192; judged on all draws at once, that one draw stopped the whole set.
 *
 * <p>The work is bounded: the step count doubles from 64 to at most {@link #MAX_STEPS} per draw, and a non-finite
 * state or a draw whose change shrinks less than 64-fold over three doublings (4x per doubling, second order) from
 * 4,096 steps on (a denoiser with a jump leaves RK4 first order, 2x per doubling) ends the integration with the draw
 * and the numbers that show why.
 */
public final class ReferenceFlow {

    /** Noise level standing in for sigma = 0 at the data end. */
    public static final double SIGMA_FLOOR = 1e-9;
    /** The noise scale c of the path the flow is integrated on (alpha = 1 - tau, sigma = c tau). */
    static final double SCALE = 100;
    /**
     * Largest RK4 step count tried for a draw (the work of all its attempts together is less than twice this many
     * steps); the slow 16-D draw above needs 2^14 for a tolerance of 1e-9, so a few draws may go beyond.
     */
    public static final int MAX_STEPS = 1 << 16;
    /**
     * Step count from which a draw's Richardson change must have shrunk at least {@link #MIN_SHRINK}-fold per doubling
     * on average over the last {@link #WINDOW} doublings: a 4th-order method shrinks it ~16x (10-16x measured on
     * mixtures from 1024 steps on); a denoiser with a jump leaves RK4 first order, 2x.
     */
    private static final int ASYMPTOTIC_STEPS = 4096;
    private static final double MIN_SHRINK = 4.0;
    private static final int WINDOW = 3;

    private ReferenceFlow() {}

    /**
     * The PF-ODE solution at {@code tTo} starting from {@code x} at {@code tFrom}, in the process's
     * coordinates, float64. {@code tFrom} may be where alpha = 0 (noise level +infinity).
     *
     * @param tolerance largest accepted change (max-abs) between the two finest Richardson estimates
     */
    public static NDArray endpoint(ClosedFormData data, ForwardProcess process, double tFrom, double tTo,
            NDArray x, double tolerance) {
        // x_t/sigma_t = x~/sigma: the state per unit noise level, finite also where alpha = 0
        NDArray z = x.toType(DataType.FLOAT64, true).div(process.sigma(tFrom));
        return fromNoise(data, process.noiseLevel(tFrom), process.noiseLevel(tTo), z, tolerance)
                .mul(process.alpha(tTo));
    }

    /**
     * The PF-ODE solution x~ at noise level {@code levelTo}, in EDM's coordinates (alpha = 1, sigma = level), of the
     * flow whose state at noise level {@code levelFrom} is x~ = levelFrom z; for levelFrom = +infinity, of the flow
     * along which x~/sigma tends to z as sigma grows.
     *
     * @param z the draws, one per row (shape [draws, dims])
     * @param tolerance largest accepted change (max-abs over a draw's coordinates) between a draw's two finest
     *     Richardson estimates; the extrapolated endpoint returned is more accurate still
     * @throws IllegalArgumentException for levels out of order or non-finite z
     * @throws IllegalStateException naming the draw, if one does not converge or does not reach the tolerance within
     *     {@link #MAX_STEPS}
     */
    public static NDArray fromNoise(ClosedFormData data, double levelFrom, double levelTo, NDArray z,
            double tolerance) {
        if (!(levelFrom > levelTo && levelTo >= 0)) {
            throw new IllegalArgumentException("the reference flow runs from a noise level down to a smaller one >= 0;"
                    + " got " + levelFrom + " -> " + levelTo);
        }
        if (z.isNaN().any().getBoolean() || z.isInfinite().any().getBoolean()) {
            throw new IllegalArgumentException("the reference flow needs a finite start; the initial state has"
                    + " non-finite values");
        }
        // the path's time and state: tau = sigma/(c + sigma), x = (1 - tau) x~ = c tau z
        double tauFrom = Double.isInfinite(levelFrom) ? 1.0 : levelFrom / (SCALE + levelFrom);
        double levelEnd = Math.max(levelTo, SIGMA_FLOOR);
        long count = z.getShape().get(0);
        int width = Math.toIntExact(z.getShape().size() / Math.max(count, 1));
        double[] result = new double[Math.toIntExact(count) * width];
        try (NDManager scope = z.getManager().newSubManager()) {
            NDArray start = scope.create(z.toType(DataType.FLOAT64, true).toDoubleArray(), new Shape(count, width))
                    .mul(SCALE * tauFrom);
            integrate(data, start, Math.log(tauFrom), Math.log(levelEnd / (SCALE + levelEnd)), toEdm(levelEnd),
                    tolerance, result, "reference flow from noise level " + levelFrom + " to " + levelTo + " (" + count
                    + " states): ");
        }
        return z.getManager().create(result, z.getShape());
    }

    /**
     * Plain RK4 with a fixed number of uniform steps in s = ln tau on the same path as {@link #fromNoise}, without
     * extrapolation: x~ at {@code levelTo}. For checks of the adaptive integration against a fine fixed-step solve.
     */
    static NDArray fixedSteps(ClosedFormData data, double levelFrom, double levelTo, NDArray z, int steps) {
        double tauFrom = Double.isInfinite(levelFrom) ? 1.0 : levelFrom / (SCALE + levelFrom);
        double levelEnd = Math.max(levelTo, SIGMA_FLOOR);
        NDArray start = z.toType(DataType.FLOAT64, true).mul(SCALE * tauFrom);
        return rk4(data, start, Math.log(tauFrom), Math.log(levelEnd / (SCALE + levelEnd)), steps).mul(toEdm(levelEnd));
    }

    /**
     * Refines each draw (row of {@code start}) until its own Richardson change is below the tolerance, doubling the
     * RK4 steps only for the rows still above it, and writes the extrapolated endpoints (times {@code scale}) into
     * {@code result}. Per draw because the draws differ: one near a mode boundary, where the denoiser turns fast,
     * is still pre-asymptotic at step counts at which all others are long converged.
     */
    private static void integrate(ClosedFormData data, NDArray start, double sFrom, double sTo, double scale,
            double tolerance, double[] result, String where) {
        int width = Math.toIntExact(start.getShape().get(1));
        int[] rows = new int[Math.toIntExact(start.getShape().get(0))];   // the draws still refined
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        // per draw, its changes at steps/2, steps/4 and steps/8 (the last three doublings)
        double[][] earlier = new double[rows.length][WINDOW];
        for (double[] e : earlier) {
            java.util.Arrays.fill(e, Double.NaN);
        }
        NDArray previous = rk4(data, start, sFrom, sTo, 64);
        int steps = 64;
        while (rows.length > 0) {
            steps *= 2;
            NDArray next = rk4(data, start, sFrom, sTo, steps);
            // Richardson for a 4th-order method: (16 fine - coarse) / 15
            NDArray extrapolated = next.mul(16.0).sub(previous).div(15.0);
            double[] change = extrapolated.sub(next).abs().max(new int[] {1}).mul(scale).toDoubleArray();   // in x~
            double[] values = extrapolated.mul(scale).toDoubleArray();
            int kept = 0;
            int[] keep = new int[rows.length];
            for (int r = 0; r < rows.length; r++) {
                String draw = where + "draw " + rows[r] + ": ";
                if (!Double.isFinite(change[r])) {
                    throw new IllegalStateException(draw + "non-finite values with " + steps + " RK4 steps");
                }
                if (change[r] < tolerance) {
                    System.arraycopy(values, r * width, result, rows[r] * width, width);
                    continue;
                }
                // judged over the last WINDOW doublings, not each one: a draw near a mode boundary can shrink its
                // change less than MIN_SHRINK-fold on one doubling (3.1x at 1024 steps, then 7x and 11x) and a jump
                // can shrink it more by where it falls on the grid
                double[] e = earlier[r];
                double oldest = e[WINDOW - 1];
                if (steps >= ASYMPTOTIC_STEPS && !(change[r] * Math.pow(MIN_SHRINK, WINDOW) <= oldest)) {
                    throw new IllegalStateException(draw + "not converging: the Richardson change went from " + oldest
                            + " to " + change[r] + " as the steps went from " + steps / (1 << WINDOW) + " to " + steps
                            + ", less than " + MIN_SHRINK + "x per doubling (a 4th-order method shrinks it ~16x;"
                            + " tolerance " + tolerance + ")");
                }
                if (steps >= MAX_STEPS) {
                    throw new IllegalStateException(draw + "change " + change[r] + " with " + steps + " RK4 steps"
                            + " (shrinking " + e[0] / change[r] + "x in the last doubling), above the tolerance "
                            + tolerance + " at the limit of " + MAX_STEPS + " steps");
                }
                System.arraycopy(e, 0, e, 1, WINDOW - 1);
                e[0] = change[r];
                earlier[kept] = e;
                keep[kept++] = r;
            }
            int[] still = new int[kept];
            for (int k = 0; k < kept; k++) {
                still[k] = rows[keep[k]];
            }
            if (kept < rows.length && kept > 0) {
                start = rowsOf(start, keep, kept);
                next = rowsOf(next, keep, kept);
            }
            rows = still;
            previous = next;
        }
    }

    /** The first {@code count} rows listed in {@code keep}, as a new array of the same manager. */
    private static NDArray rowsOf(NDArray array, int[] keep, int count) {
        return array.get(array.getManager().create(java.util.Arrays.copyOf(keep, count)));
    }

    /**
     * Closed-form PF-ODE transport for a single isotropic Gaussian N(mu, s^2 I): along the flow
     * x~(sigma) = mu + (x~(sigma0) - mu) sqrt(s^2 + sigma^2) / sqrt(s^2 + sigma0^2); from sigma0 = +infinity
     * (alpha = 0 at tFrom), x~(sigma) = mu + z sqrt(s^2 + sigma^2) with z = x/sigma(tFrom), the limit.
     */
    public static NDArray singleGaussian(GaussianMixture gaussian, ForwardProcess process, double tFrom,
            double tTo, NDArray x) {
        if (gaussian.components() != 1) {
            throw new IllegalArgumentException("closed-form transport needs a single Gaussian");
        }
        double s = gaussian.stds()[0];
        double from = process.noiseLevel(tFrom);
        double to = process.noiseLevel(tTo);
        NDArray mean = x.getManager().create(gaussian.means()[0]).toType(x.getDataType(), false);
        NDArray deviation = Double.isInfinite(from)
                ? x.div(process.sigma(tFrom)).mul(Math.sqrt(s * s + to * to))
                : x.div(process.alpha(tFrom)).sub(mean).mul(Math.sqrt(s * s + to * to) / Math.sqrt(s * s + from * from));
        return deviation.add(mean).mul(process.alpha(tTo));
    }

    private static NDArray rk4(ClosedFormData data, NDArray x, double sFrom, double sTo, int steps) {
        double h = (sTo - sFrom) / steps;
        NDArray state = x;
        for (int i = 0; i < steps; i++) {
            double s = sFrom + i * h;
            try (StepScope step = new StepScope()) {
                NDArray k1 = slope(data, state, s);
                NDArray k2 = slope(data, state.add(k1.mul(h / 2)), s + h / 2);
                NDArray k3 = slope(data, state.add(k2.mul(h / 2)), s + h / 2);
                NDArray k4 = slope(data, state.add(k3.mul(h)), s + h);
                NDArray next = step.keep(state.add(k1.add(k2.mul(2)).add(k3.mul(2)).add(k4).mul(h / 6)));
                if (state != x) {
                    state.close();
                }
                state = next;
            }
        }
        return state;
    }

    /**
     * dx/ds = x - D(x; tau), tau = e^s, with D the exact denoiser on the path x = (1 - tau) x0 + c tau eps
     * (alpha = 1 - tau, sigma = c tau; at tau = 1, where alpha = 0, the data's mean).
     */
    private static NDArray slope(ClosedFormData data, NDArray x, double s) {
        double tau = Math.min(Math.exp(s), 1.0);
        return x.sub(data.posteriorMean(x, new PathPoint(tau, 1 - tau, SCALE * tau, -1, SCALE)));
    }

    /** x~/x = 1/(1 - tau) at noise level sigma: (c + sigma)/c. */
    private static double toEdm(double level) {
        return (SCALE + level) / SCALE;
    }
}
