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
 * <p>All affine paths share one ODE in EDM's coordinates x~ = x_t/alpha and noise level sigma = sigma_t/alpha
 * (Karras et al. 2022, eq. 4 with s = 1): dx~/dsigma = (x~ - D(x~; sigma))/sigma. With u = ln sigma this is
 * dx~/du = x~ - D(x~; e^u), smooth in u at every scale, so classical RK4 on a uniform u grid with
 * Richardson extrapolation reaches ~1e-12 relative accuracy in float64. The end sigma = 0 is approached to
 * {@link #SIGMA_FLOOR}: the remaining change is O(floor^2 / s_min^2), far below the tolerance for data whose
 * smallest component std s_min is above 1e-3.
 */
public final class ReferenceFlow {

    /** Noise level standing in for sigma = 0 at the data end. */
    public static final double SIGMA_FLOOR = 1e-9;

    private ReferenceFlow() {}

    /**
     * The PF-ODE solution at {@code tTo} starting from {@code x} at {@code tFrom}, in the process's
     * coordinates, float64.
     *
     * @param tolerance largest accepted change (max-abs) between the two finest Richardson estimates
     */
    public static NDArray endpoint(ClosedFormData data, ForwardProcess process, double tFrom, double tTo,
            NDArray x, double tolerance) {
        double alphaFrom = process.alpha(tFrom);
        double alphaTo = process.alpha(tTo);
        double uFrom = Math.log(process.noiseLevel(tFrom));
        double uTo = Math.log(Math.max(process.noiseLevel(tTo), SIGMA_FLOOR));
        NDArray start = x.toType(DataType.FLOAT64, true).div(alphaFrom);
        int steps = 64;
        NDArray previous = rk4(data, start, uFrom, uTo, steps);
        while (true) {
            steps *= 2;
            NDArray next = rk4(data, start, uFrom, uTo, steps);
            // Richardson for a 4th-order method: (16 fine - coarse) / 15
            NDArray extrapolated = next.mul(16.0).sub(previous).div(15.0);
            double change = extrapolated.sub(next).abs().max().getDouble();
            if (change < tolerance) {
                return extrapolated.mul(alphaTo);
            }
            if (steps > (1 << 16)) {
                throw new IllegalStateException("reference flow did not converge: change " + change);
            }
            previous = next;
        }
    }

    /**
     * Closed-form PF-ODE transport for a single isotropic Gaussian N(mu, s^2 I): along the flow
     * x~(sigma) = mu + (x~(sigma0) - mu) sqrt(s^2 + sigma^2) / sqrt(s^2 + sigma0^2).
     */
    public static NDArray singleGaussian(GaussianMixture gaussian, ForwardProcess process, double tFrom,
            double tTo, NDArray x) {
        if (gaussian.components() != 1) {
            throw new IllegalArgumentException("closed-form transport needs a single Gaussian");
        }
        double s = gaussian.stds()[0];
        double from = process.noiseLevel(tFrom);
        double to = process.noiseLevel(tTo);
        double ratio = Math.sqrt(s * s + to * to) / Math.sqrt(s * s + from * from);
        NDArray mean = x.getManager().create(gaussian.means()[0]).toType(x.getDataType(), false);
        NDArray scaled = x.div(process.alpha(tFrom));
        return scaled.sub(mean).mul(ratio).add(mean).mul(process.alpha(tTo));
    }

    private static NDArray rk4(ClosedFormData data, NDArray x, double uFrom, double uTo, int steps) {
        double h = (uTo - uFrom) / steps;
        NDArray state = x;
        for (int i = 0; i < steps; i++) {
            double u = uFrom + i * h;
            try (StepScope step = new StepScope()) {
                NDArray k1 = slope(data, state, u);
                NDArray k2 = slope(data, state.add(k1.mul(h / 2)), u + h / 2);
                NDArray k3 = slope(data, state.add(k2.mul(h / 2)), u + h / 2);
                NDArray k4 = slope(data, state.add(k3.mul(h)), u + h);
                NDArray next = step.keep(state.add(k1.add(k2.mul(2)).add(k3.mul(2)).add(k4).mul(h / 6)));
                if (state != x) {
                    state.close();
                }
                state = next;
            }
        }
        return state;
    }

    /** dx~/du = x~ - D(x~; e^u), with D the exact denoiser at alpha = 1, sigma = e^u. */
    private static NDArray slope(ClosedFormData data, NDArray x, double u) {
        double sigma = Math.exp(u);
        return x.sub(data.posteriorMean(x, new PathPoint(sigma, 1.0, sigma, 0.0, 1.0)));
    }
}
