package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.sampling.ButcherTableau;
import org.difflab.api.sampling.DormandPrince;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.StepScope;
import org.difflab.api.sampling.Stepper;
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
 * that posterior mean in the limit of the last step). The grid's inner times do not set the steps
 * ({@link Capability#ADAPTIVE_STEPS}): the adaptive integration runs on across them, and the state reported at
 * an inner grid time is Shampine's (1986) fourth-order dense output of the Dormand-Prince step that crosses it
 * (SciPy's RK45 interpolant), which costs no evaluation and leaves the integration's numbers unchanged.
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

    /** The Dormand-Prince 5(4) method (Dormand and Prince 1980; as in SciPy's RK45): steps with the fifth order. */
    static final ButcherTableau DORMAND_PRINCE = DormandPrince.TABLEAU;
    /**
     * Error weights: the fifth-order minus the embedded fourth-order weights, over the 6 stages and the FSAL
     * stage f(x_{i+1}).
     */
    static final double[] ERROR = DormandPrince.errorWeights();
    /**
     * Shampine's (1986) quartic dense output, as in SciPy's RK45: over a step of size h from y,
     * y(theta) = y + h sum_j k_j sum_p DENSE[j][p] theta^(p+1), j over the 6 stages and the FSAL stage.
     */
    static final double[][] DENSE = {
        {1, -8048581381.0 / 2820520608.0, 8663915743.0 / 2820520608.0, -12715105075.0 / 11282082432.0},
        {0, 0, 0, 0},
        {0, 131558114200.0 / 32700410799.0, -68118460800.0 / 10900136933.0, 87487479700.0 / 32700410799.0},
        {0, -1754552775.0 / 470086768.0, 14199869525.0 / 1410260304.0, -10690763975.0 / 1880347072.0},
        {0, 127303824393.0 / 49829197408.0, -318862633887.0 / 49829197408.0, 701980252875.0 / 199316789632.0},
        {0, -282668133.0 / 205662961.0, 2019193451.0 / 616988883.0, -1453857185.0 / 822651844.0},
        {0, 40617522.0 / 29380423.0, -110615467.0 / 29380423.0, 69997945.0 / 29380423.0}};
    private static final double[] C = DORMAND_PRINCE.c();
    private static final double[][] A = DORMAND_PRINCE.a();
    private static final double[] B = DORMAND_PRINCE.b();
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
    public Stepper start(Integration run) {
        ForwardProcess process = run.process();
        int last = run.steps();
        boolean finalDenoise = run.endsAtData();
        double tStart = run.time(0);
        // Ending at sigma = 0, the ODE in u = log sigma is infinitely long: integrate to the grid's last inner time,
        // or to the process's default sampling end if that is nearer zero (a grid [t0, 0] has no inner time),
        // then take the final step. The step from sigma_end to 0 costs O(sigma_end^2).
        double tEnd = finalDenoise ? Math.min(last >= 2 ? run.time(last - 1) : run.time(0), process.samplingEnd())
                : run.time(last);
        tEnd = Math.min(tEnd, tStart);
        run.requireFiniteStart("rk45");
        return new Adaptive(new Flow(process, tStart, tEnd), finalDenoise);
    }

    /** The PF-ODE dx~/du = x~ - D(alpha x~, t(u)) between the two ends of the integration. */
    private static final class Flow {
        final ForwardProcess process;
        final double tStart;
        final double tEnd;
        final double uStart;
        final double uEnd;

        Flow(ForwardProcess process, double tStart, double tEnd) {
            this.process = process;
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

        NDArray slope(Step step, double u, NDArray y) {
            double t = time(u);
            double alpha = process.alpha(t);
            return y.sub(step.x0(y.mul(alpha), t));
        }
    }

    /**
     * One adaptive integration from tStart to tEnd, streamed through the grid: each grid step continues it until
     * u reaches or passes the step's end, and reports the state there by dense output; the step that contains
     * tEnd integrates exactly to it. Owns y, f and the last accepted step's stages.
     */
    private final class Adaptive implements Stepper {
        private final Flow flow;
        private final boolean finalDenoise;
        private final double direction; // -1: towards data
        private boolean started;
        private double u;
        private double h;
        private boolean rejected;
        private NDArray y;
        private NDArray f;
        /** The last accepted Dormand-Prince step, for dense output: from (uOld, yOld) by size taken, stages k. */
        private double uOld;
        private double taken;
        private NDArray yOld;
        private NDArray[] k;

        Adaptive(Flow flow, boolean finalDenoise) {
            this.flow = flow;
            this.finalDenoise = finalDenoise;
            this.direction = Math.signum(flow.uEnd - flow.uStart);
        }

        @Override
        public NDArray step(Step step, NDArray x) {
            ForwardProcess process = flow.process;
            boolean integrates = flow.tEnd < flow.tStart;
            if (!started) {
                started = true;
                u = flow.uStart;
                y = step.keep(x.div(process.alpha(flow.tStart)));
                if (integrates) {
                    try (StepScope scope = new StepScope()) {
                        f = scope.keep(flow.slope(step, u, y));
                        h = initialStep(flow, step, u, y, f, direction);
                    }
                }
            }
            double tTarget = step.tNext();
            boolean reachesEnd = tTarget <= flow.tEnd;
            double uTarget = reachesEnd ? flow.uEnd : Math.log(process.noiseLevel(tTarget));
            if (integrates) {
                advance(step, uTarget);
            }
            if (reachesEnd) {
                NDArray xEnd = y.mul(process.alpha(flow.tEnd));
                return finalDenoise && step.isFinal() ? step.x0(xEnd, flow.tEnd).mul(process.alpha(tTarget)) : xEnd;
            }
            return (u == uTarget ? y : dense(uTarget)).mul(process.alpha(tTarget));
        }

        /** Dormand-Prince steps (SciPy's RK45 step control) until u reaches or passes uTarget, never beyond uEnd. */
        private void advance(Step step, double uTarget) {
            while (direction * (uTarget - u) > 0) {
                double minStep = 10 * Math.ulp(u);
                if (h < minStep) {
                    throw new IllegalStateException("rk45: step size fell below " + minStep + " at log sigma = " + u
                            + "; the ODE is too stiff for rtol=" + options.rtol() + ", atol=" + options.atol());
                }
                double uNew = u + direction * h;
                if (direction * (uNew - flow.uEnd) > 0) {
                    uNew = flow.uEnd;
                }
                double size = uNew - u;
                if (step.nfe() + 6 > options.maxNfe()) {
                    throw new IllegalStateException("rk45 would exceed max_nfe=" + options.maxNfe() + " at log sigma = "
                            + u + " (of " + flow.uEnd + "); loosen rtol/atol or raise max_nfe");
                }
                NDArray yNew;
                NDArray[] stages = new NDArray[7];
                double errorNorm;
                try (StepScope scope = new StepScope()) {
                    stages[0] = f;
                    for (int s = 1; s < 6; s++) {
                        NDArray dy = stages[0].mul(A[s][0] * size);
                        for (int j = 1; j < s; j++) {
                            dy = dy.add(stages[j].mul(A[s][j] * size));
                        }
                        stages[s] = flow.slope(step, u + C[s] * size, y.add(dy));
                    }
                    NDArray dy = stages[0].mul(B[0] * size);
                    for (int j = 2; j < 6; j++) {
                        dy = dy.add(stages[j].mul(B[j] * size));
                    }
                    yNew = y.add(dy);
                    stages[6] = flow.slope(step, uNew, yNew);
                    NDArray error = stages[0].mul(ERROR[0] * size);
                    for (int j = 2; j < 7; j++) {
                        error = error.add(stages[j].mul(ERROR[j] * size));
                    }
                    NDArray scale = y.abs().maximum(yNew.abs()).mul(options.rtol()).add(options.atol());
                    errorNorm = rms(error.div(scale));
                    if (errorNorm < 1) {
                        scope.keep(yNew);
                        for (int j = 1; j < 7; j++) {
                            scope.keep(stages[j]);
                        }
                    }
                }
                if (errorNorm < 1) {
                    double factor = errorNorm == 0 ? MAX_FACTOR
                            : Math.min(MAX_FACTOR, SAFETY * Math.pow(errorNorm, ERROR_EXPONENT));
                    if (rejected) {
                        factor = Math.min(1, factor);
                    }
                    h *= factor;
                    rejected = false;
                    accept(u, size, yNew, stages);
                    u = uNew;
                } else {
                    h *= Math.max(MIN_FACTOR, SAFETY * Math.pow(errorNorm, ERROR_EXPONENT));
                    rejected = true;
                }
            }
        }

        /** Makes an accepted step current: y and f move on (FSAL), the step is kept for dense output. */
        private void accept(double from, double size, NDArray yNew, NDArray[] stages) {
            if (k != null) {
                for (int j = 0; j < 6; j++) {
                    k[j].close(); // k[6] is f, the new step's first stage
                }
                yOld.close();
            }
            uOld = from;
            taken = size;
            yOld = y;
            k = stages;
            y = yNew;
            f = stages[6];
        }

        /** Shampine's dense output of the last accepted step at u (within it). */
        private NDArray dense(double at) {
            double theta = (at - uOld) / taken;
            NDArray out = yOld;
            for (int j = 0; j < 7; j++) {
                double weight = 0;
                double power = theta;
                for (int p = 0; p < 4; p++) {
                    weight += DENSE[j][p] * power;
                    power *= theta;
                }
                if (weight != 0) {
                    out = out.add(k[j].mul(weight * taken));
                }
            }
            return out;
        }

        @Override
        public void close() {
            if (k != null) {
                for (int j = 0; j < 6; j++) {
                    k[j].close();
                }
                yOld.close();
            }
            if (f != null) {
                f.close();
            }
            if (y != null) {
                y.close();
            }
        }
    }

    /** Hairer, Norsett and Wanner's initial step (SciPy's select_initial_step), one extra evaluation. */
    private double initialStep(Flow flow, Step step, double u, NDArray y, NDArray f, double direction) {
        double interval = Math.abs(flow.uEnd - u);
        NDArray scale = y.abs().mul(options.rtol()).add(options.atol());
        double d0 = rms(y.div(scale));
        double d1 = rms(f.div(scale));
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, interval);
        NDArray y1 = y.add(f.mul(direction * h0));
        NDArray f1 = flow.slope(step, u + direction * h0, y1);
        double d2 = rms(f1.sub(f).div(scale)) / h0;
        double h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3)
                : Math.pow(0.01 / Math.max(d1, d2), 1.0 / 5);
        return Math.min(Math.min(100 * h0, h1), interval);
    }

    private static double rms(NDArray a) {
        // read as float64: in a float32 run the scalar is float32, which getDouble() refuses
        return Math.sqrt(a.square().mean().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble());
    }
}
