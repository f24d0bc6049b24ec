package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Solution;
import org.difflab.api.sampling.SolverContext;
import org.difflab.api.sampling.StepScope;
import org.pf4j.Extension;

/**
 * Adaptive Dormand-Prince 5(4) (Dormand and Prince 1980; the method and step control of SciPy's
 * solve_ivp(method='RK45') that score SDE's ODE sampler uses, defaults rtol = atol = 1e-5).
 *
 * <p>Coordinates: the PF-ODE is integrated in EDM's x~ = x/alpha against u = log(sigma/alpha), where it reads
 * dx~/du = x~ - D(x~; e^u) (Karras et al. 2022, eq. 4 with s = 1): smooth at every noise scale, unlike the
 * process's own time near sigma = 0 or over EDM's four decades of sigma. The whole batch is one ODE system
 * (as in score SDE, which flattens the batch), since the denoiser takes one time per batch.
 *
 * <p>Range: from the grid's first time to its last time if sigma &gt; 0 there; if the grid ends at sigma = 0,
 * to its last time before that (times[N-1]) or the process's default sampling end, whichever is nearer zero,
 * followed by the final step x = alpha(t_N) x0_hat(x, t_end) (one more evaluation; the PF-ODE's end point is
 * that posterior mean in the limit of the last step). The grid's inner times only set these ends
 * ({@link Capability#ADAPTIVE_STEPS}).
 *
 * <p>Step control (SciPy's RK45): error = h sum_j E_j k_j with the 7 stages (FSAL), scaled per entry by
 * atol + rtol max(|y|, |y_new|), RMS norm; accepted below 1; next h = h min(10, max(0.2, 0.9 err^(-1/5)))
 * (no growth right after a rejection). The first step follows Hairer's initial step selection (one extra
 * evaluation). NFE: 1 + 6 per attempted step + 1 (initial step) [+ 1 final step]. Exceeding
 * {@code max_nfe} is an error.
 */
@Extension
@Component(id = "rk45", summary = "Adaptive Dormand-Prince 5(4) in log noise level (score SDE's RK45 ODE sampler)")
public final class Rk45Solver implements Solver {

    /** Options of {@link Rk45Solver}. */
    public record Options(
            @Param(doc = "relative tolerance per entry of x/alpha", defaultValue = "1e-5", min = 0, exclusiveMin = true)
            double rtol,
            @Param(doc = "absolute tolerance per entry of x/alpha (data units)", defaultValue = "1e-5", min = 0,
                    exclusiveMin = true) double atol,
            @Param(doc = "largest number of denoiser evaluations before giving up", defaultValue = "10000", min = 10)
            int maxNfe) {
        public Options {
            if (rtol < 1e-13) {
                throw new InvalidOptionException("rtol", "rtol must be at least 1e-13 (float64 resolution), got " + rtol);
            }
        }
    }

    // Dormand-Prince 5(4) tableau (as in SciPy's RK45).
    private static final double[] C = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1};
    private static final double[][] A = {
        {},
        {1.0 / 5},
        {3.0 / 40, 9.0 / 40},
        {44.0 / 45, -56.0 / 15, 32.0 / 9},
        {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
        {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656}};
    private static final double[] B = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84};
    private static final double[] E = {-71.0 / 57600, 0, 71.0 / 16695, -71.0 / 1920, 17253.0 / 339200, -22.0 / 525,
        1.0 / 40};
    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 10;
    private static final double ERROR_EXPONENT = -1.0 / 5; // -1/(error estimator order + 1)

    private final Options options;

    /** An adaptive Dormand-Prince solver. */
    public Rk45Solver(Options options) {
        this.options = options;
    }

    @Override
    public int order() {
        return 5;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ADAPTIVE_STEPS);
    }

    @Override
    public Solution solve(SolverContext context, double[] times, NDArray x) {
        ForwardProcess process = context.process();
        Grid.check(process, times);
        int last = times.length - 1;
        boolean finalDenoise = Grid.noiseFree(process, times[last]);
        double tStart = times[0];
        // Ending at sigma = 0, the ODE in u = log sigma is infinitely long: integrate to the grid's last inner time,
        // or to the process's default sampling end if that is nearer zero (a grid [t0, 0] has no inner time),
        // then take the final step. The step from sigma_end to 0 costs O(sigma_end^2).
        double tEnd = finalDenoise ? Math.min(last >= 2 ? times[last - 1] : times[0], process.samplingEnd())
                : times[last];
        tEnd = Math.min(tEnd, tStart);
        Grid.requireFiniteStart(process, times, "rk45");
        DenoiserCalls calls = new DenoiserCalls(context);
        Flow flow = new Flow(process, calls, tStart, tEnd);
        NDArray y = x.div(process.alpha(tStart));
        if (tEnd < tStart) {
            NDArray integrated = integrate(flow, y, calls);
            y.close();
            y = integrated;
        }
        NDArray out;
        try (StepScope scope = new StepScope()) {
            NDArray xEnd = y.mul(process.alpha(tEnd));
            out = scope.keep(finalDenoise ? calls.x0(xEnd, tEnd).mul(process.alpha(times[last])) : xEnd);
        }
        y.close();
        return new Solution(out, calls.count());
    }

    /** The PF-ODE dx~/du = x~ - D(alpha x~, t(u)) between the two ends of the integration. */
    private static final class Flow {
        final ForwardProcess process;
        final DenoiserCalls calls;
        final double tStart;
        final double tEnd;
        final double uStart;
        final double uEnd;

        Flow(ForwardProcess process, DenoiserCalls calls, double tStart, double tEnd) {
            this.process = process;
            this.calls = calls;
            this.tStart = tStart;
            this.tEnd = tEnd;
            this.uStart = Math.log(process.noiseLevel(tStart));
            this.uEnd = Math.log(process.noiseLevel(tEnd));
        }

        /** The process time at u; the ends map to the grid's own times (no round trip through the inverse). */
        double time(double u) {
            if (u == uStart) {
                return tStart;
            }
            if (u == uEnd) {
                return tEnd;
            }
            return Math.min(tStart, Math.max(tEnd, process.timeAtNoiseLevel(Math.exp(u))));
        }

        NDArray slope(double u, NDArray y) {
            double t = time(u);
            double alpha = process.alpha(t);
            return y.sub(calls.x0(y.mul(alpha), t));
        }
    }

    private NDArray integrate(Flow flow, NDArray y0, DenoiserCalls calls) {
        double u = flow.uStart;
        double direction = Math.signum(flow.uEnd - flow.uStart); // -1: towards data
        NDArray y = y0;
        NDArray f;
        double h;
        try (StepScope scope = new StepScope()) {
            f = scope.keep(flow.slope(u, y));
            h = initialStep(flow, u, y, f, direction);
        }
        boolean rejected = false;
        while (direction * (flow.uEnd - u) > 0) {
            double minStep = 10 * Math.ulp(u);
            if (h < minStep) {
                throw new IllegalStateException("rk45: step size fell below " + minStep + " at log sigma = " + u
                        + "; the ODE is too stiff for rtol=" + options.rtol() + ", atol=" + options.atol());
            }
            double uNew = u + direction * h;
            if (direction * (uNew - flow.uEnd) > 0) {
                uNew = flow.uEnd;
            }
            double step = uNew - u;
            if (calls.count() + 6 > options.maxNfe()) {
                throw new IllegalStateException("rk45 would exceed max_nfe=" + options.maxNfe() + " at log sigma = " + u
                        + " (of " + flow.uEnd + "); loosen rtol/atol or raise max_nfe");
            }
            NDArray yNew;
            NDArray fNew;
            double errorNorm;
            try (StepScope scope = new StepScope()) {
                NDArray[] k = new NDArray[7];
                k[0] = f;
                for (int s = 1; s < 6; s++) {
                    NDArray dy = k[0].mul(A[s][0] * step);
                    for (int j = 1; j < s; j++) {
                        dy = dy.add(k[j].mul(A[s][j] * step));
                    }
                    k[s] = flow.slope(u + C[s] * step, y.add(dy));
                }
                NDArray dy = k[0].mul(B[0] * step);
                for (int j = 2; j < 6; j++) {
                    dy = dy.add(k[j].mul(B[j] * step));
                }
                yNew = y.add(dy);
                k[6] = flow.slope(uNew, yNew);
                NDArray error = k[0].mul(E[0] * step);
                for (int j = 2; j < 7; j++) {
                    error = error.add(k[j].mul(E[j] * step));
                }
                NDArray scale = y.abs().maximum(yNew.abs()).mul(options.rtol()).add(options.atol());
                errorNorm = rms(error.div(scale));
                if (errorNorm < 1) {
                    scope.keep(yNew);
                    scope.keep(k[6]);
                }
                fNew = k[6];
            }
            if (errorNorm < 1) {
                double factor = errorNorm == 0 ? MAX_FACTOR
                        : Math.min(MAX_FACTOR, SAFETY * Math.pow(errorNorm, ERROR_EXPONENT));
                if (rejected) {
                    factor = Math.min(1, factor);
                }
                h *= factor;
                rejected = false;
                u = uNew;
                if (y != y0) {
                    y.close();
                }
                f.close();
                y = yNew;
                f = fNew;
            } else {
                h *= Math.max(MIN_FACTOR, SAFETY * Math.pow(errorNorm, ERROR_EXPONENT));
                rejected = true;
            }
        }
        f.close();
        return y == y0 ? y0.duplicate() : y;
    }

    /** Hairer, Norsett and Wanner's initial step (SciPy's select_initial_step), one extra evaluation. */
    private double initialStep(Flow flow, double u, NDArray y, NDArray f, double direction) {
        double interval = Math.abs(flow.uEnd - u);
        NDArray scale = y.abs().mul(options.rtol()).add(options.atol());
        double d0 = rms(y.div(scale));
        double d1 = rms(f.div(scale));
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, interval);
        NDArray y1 = y.add(f.mul(direction * h0));
        NDArray f1 = flow.slope(u + direction * h0, y1);
        double d2 = rms(f1.sub(f).div(scale)) / h0;
        double h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3)
                : Math.pow(0.01 / Math.max(d1, d2), 1.0 / 5);
        return Math.min(Math.min(100 * h0, h1), interval);
    }

    private static double rms(NDArray a) {
        return Math.sqrt(a.square().mean().getDouble());
    }
}
