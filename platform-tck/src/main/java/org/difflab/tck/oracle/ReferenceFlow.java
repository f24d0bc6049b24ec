package org.difflab.tck.oracle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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
 * <p>The work is bounded: the step count doubles from 64 to at most {@link #MAX_STEPS}, and a non-finite state or
 * a Richardson change that stops shrinking ends the integration at once with the numbers that show why.
 */
public final class ReferenceFlow {

    /** Noise level standing in for sigma = 0 at the data end. */
    public static final double SIGMA_FLOOR = 1e-9;
    /** The noise scale c of the path the flow is integrated on (alpha = 1 - tau, sigma = c tau). */
    static final double SCALE = 100;
    /** Largest RK4 step count tried (the work of all attempts together is less than twice this many steps). */
    public static final int MAX_STEPS = 1 << 14;
    /**
     * Step count from which each doubling must shrink the Richardson change at least {@link #MIN_SHRINK}-fold: a
     * 4th-order method shrinks it ~16x (10-16x measured on mixtures from 1024 steps on); a denoiser with a jump
     * leaves RK4 first order, 2x.
     */
    private static final int ASYMPTOTIC_STEPS = 1024;
    private static final double MIN_SHRINK = 4.0;

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
     * @param tolerance largest accepted change (max-abs) between the two finest Richardson estimates
     * @throws IllegalArgumentException for levels out of order or non-finite z
     * @throws IllegalStateException if the integration does not reach the tolerance within {@link #MAX_STEPS}
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
        NDArray start = z.toType(DataType.FLOAT64, true).mul(SCALE * tauFrom);
        double sFrom = Math.log(tauFrom);
        double sTo = Math.log(levelEnd / (SCALE + levelEnd));
        int steps = 64;
        NDArray previous = rk4(data, start, sFrom, sTo, steps);
        double previousChange = Double.NaN;
        while (true) {
            steps *= 2;
            NDArray next = rk4(data, start, sFrom, sTo, steps);
            // Richardson for a 4th-order method: (16 fine - coarse) / 15
            NDArray extrapolated = next.mul(16.0).sub(previous).div(15.0);
            double change = extrapolated.sub(next).abs().max().getDouble() * toEdm(levelEnd);   // in x~
            if (change < tolerance) {
                return extrapolated.mul(toEdm(levelEnd));
            }
            String where = "reference flow from noise level " + levelFrom + " to " + levelTo + " (" + z.getShape()
                    .get(0) + " states): ";
            if (!Double.isFinite(change)) {
                throw new IllegalStateException(where + "non-finite values with " + steps + " RK4 steps");
            }
            if (steps >= ASYMPTOTIC_STEPS && !(change * MIN_SHRINK <= previousChange)) {
                throw new IllegalStateException(where + "not converging: the Richardson change went from "
                        + previousChange + " to " + change + " as the steps doubled to " + steps
                        + " (a 4th-order method shrinks it ~16x; tolerance " + tolerance + ")");
            }
            // steps needed if the change keeps shrinking as in the last doubling (known from ASYMPTOTIC_STEPS on)
            double needed = steps >= ASYMPTOTIC_STEPS
                    ? steps * Math.pow(2, Math.ceil(Math.log(change / tolerance) / Math.log(previousChange / change)))
                    : 2.0 * steps;
            if (needed > MAX_STEPS) {
                throw new IllegalStateException(where + "change " + change + " with " + steps + " RK4 steps, above"
                        + " the tolerance " + tolerance + "; reaching it would take about " + (long) needed
                        + " steps, beyond the limit of " + MAX_STEPS);
            }
            previous = next;
            previousChange = change;
        }
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
