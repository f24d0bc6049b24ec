package org.difflab.plugins.processes;

import java.util.Arrays;
import org.difflab.api.Component;
import org.difflab.api.DiscreteTimeProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.VariancePreservingProcess;
import org.difflab.api.math.VariancePreserving;
import org.pf4j.Extension;

/**
 * A discrete-time DDPM (Ho et al. 2020) made continuous as DPM-Solver does (Lu et al. 2022,
 * NoiseScheduleVP 'discrete'): with abar_n = prod_{i &le; n} (1 - beta_i), index n = 0..N-1 sits at time
 * <pre>  t_n = (n + 1)/N,   log alpha(t_n) = log(abar_n)/2,</pre>
 * and log alpha is interpolated linearly in t between knots; sigma = sqrt(1 - alpha^2). This adds the knot
 * t_{-1} = 0 with abar = 1 (the empty product), so t = 0 is clean data and the process spans [0, 1].
 *
 * <p>Consequences of the time convention:
 * <ul>
 *   <li>a network trained on index n is evaluated at t = (n + 1)/N; DPM-Solver feeds it 1000 (t - 1/N)
 *       for N = 1000.</li>
 *   <li>The default sampling range is [1/N, 1], the noisiest and cleanest indices, then the final step to t = 0.</li>
 *   <li>alpha is continuous, but alpha' and sigma' jump at the knots: there they return the derivative of the
 *       segment on the data side (left), the segment a backward ODE step enters. Outside [0, 1], the end
 *       segments are extended linearly. sigma'(0) = +infinity (sigma ~ sqrt(t) on the first segment).</li>
 * </ul>
 */
@Extension
@Component(id = "vp-discrete",
        summary = "DDPM discrete betas (linear, scaled_linear, cosine), log alpha interpolated in t")
public final class VpDiscreteProcess implements VariancePreservingProcess, DiscreteTimeProcess {

    /** Options of {@link VpDiscreteProcess}. */
    public record Options(
            @Param(doc = "beta family: linear, scaled_linear or cosine", defaultValue = "linear") DdpmBetas betas,
            @Param(doc = "number N of training time steps", defaultValue = "1000", min = 2) int steps,
            @Param(doc = "first beta of the linear families (default 1e-4); not for cosine", min = 0,
                    max = 1, exclusiveMin = true, exclusiveMax = true) Double betaStart,
            @Param(doc = "last beta of the linear families (default 0.02); not for cosine", min = 0,
                    max = 1, exclusiveMin = true, exclusiveMax = true) Double betaEnd) {
        public Options {
            if (betas == DdpmBetas.COSINE) {
                if (betaStart != null) {
                    throw new InvalidOptionException("beta_start", "beta_start applies to betas linear and "
                            + "scaled_linear only; the cosine schedule is fixed by its offset 0.008");
                }
                if (betaEnd != null) {
                    throw new InvalidOptionException("beta_end", "beta_end applies to betas linear and "
                            + "scaled_linear only; the cosine schedule is fixed by its offset 0.008");
                }
            } else {
                double start = betaStart != null ? betaStart : DEFAULT_BETA_START;
                double end = betaEnd != null ? betaEnd : DEFAULT_BETA_END;
                if (!(start <= end)) {
                    throw new InvalidOptionException("beta_end", "beta_end (" + end
                            + ") must be at least beta_start (" + start + ")");
                }
            }
        }
    }

    /** Ho et al. (2020): beta_1 = 1e-4. */
    static final double DEFAULT_BETA_START = 1e-4;
    /** Ho et al. (2020): beta_T = 0.02. */
    static final double DEFAULT_BETA_END = 0.02;

    /** N. */
    private final int steps;
    /** log alpha at the knots k/N, k = 0..N (k = 0 is clean data). */
    private final double[] knotLogAlpha;
    /** -log alpha at the knots, ascending, for the inverse. */
    private final double[] negLogAlpha;

    /** A DDPM with the given betas. */
    public VpDiscreteProcess(Options options) {
        this.steps = options.steps();
        double start = options.betaStart() != null ? options.betaStart() : DEFAULT_BETA_START;
        double end = options.betaEnd() != null ? options.betaEnd() : DEFAULT_BETA_END;
        double[] betas = options.betas().betas(steps, start, end);
        knotLogAlpha = new double[steps + 1];
        double logAlphaBar = 0.0;
        for (int n = 0; n < steps; n++) {
            logAlphaBar += Math.log1p(-betas[n]);
            knotLogAlpha[n + 1] = 0.5 * logAlphaBar;
        }
        negLogAlpha = Arrays.stream(knotLogAlpha).map(v -> -v).toArray();
    }

    /** N, the number of training time steps. */
    @Override
    public int trainingSteps() {
        return steps;
    }

    /** Time t_n = (n + 1)/N of training index n. */
    @Override
    public double timeOfIndex(int n) {
        return (double) (n + 1) / steps;
    }

    /** The segment [k/N, (k+1)/N] used at t: the one on the data side at a knot, end segments outside [0, 1]. */
    private int segment(double t) {
        double k = Math.ceil(t * steps) - 1.0;
        return (int) Math.max(0.0, Math.min(steps - 1.0, k));
    }

    private double slope(int k) {
        return (knotLogAlpha[k + 1] - knotLogAlpha[k]) * steps;
    }

    /** log alpha, linear in t between the knots. */
    @Override
    public double logAlpha(double t) {
        int k = segment(t);
        return knotLogAlpha[k] + slope(k) * (t - (double) k / steps);
    }

    /** The log-slope of the segment at t (the data side's at a knot): alpha' = slope alpha. */
    @Override
    public double logAlphaDot(double t) {
        return slope(segment(t));
    }

    @Override
    public double tMax() {
        return 1.0;
    }

    @Override
    public double samplingStart() {
        return 1.0;
    }

    /** t_0 = 1/N, the cleanest training index (DPM-Solver's t_end for discrete models). */
    @Override
    public double samplingEnd() {
        return 1.0 / steps;
    }

    /** Exact inverse of the interpolation: log alpha = -ln(1 + level^2)/2, located among the knots. */
    @Override
    public double timeAtNoiseLevel(double level) {
        double target = VariancePreserving.logAlphaAtNoiseLevel(level);
        if (!(level >= 0)) {
            return checkedInverse(Double.NaN, level);
        }
        // -log alpha rises strictly over the knots: find k with -knotLogAlpha[k] <= -target < -knotLogAlpha[k+1].
        int found = Arrays.binarySearch(negLogAlpha, -target);
        if (found >= 0) {
            return (double) found / steps;
        }
        int k = Math.max(0, Math.min(steps - 1, -found - 2));
        double t = (k + (target - knotLogAlpha[k]) / (knotLogAlpha[k + 1] - knotLogAlpha[k])) / steps;
        return checkedInverse(t, level);
    }
}
