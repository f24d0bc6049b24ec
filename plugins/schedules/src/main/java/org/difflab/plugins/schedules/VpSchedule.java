package org.difflab.plugins.schedules;

import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.math.LinearBeta;
import org.difflab.api.math.Ramp;
import org.difflab.api.sampling.NoiseLevelSchedule;
import org.pf4j.Extension;

/**
 * The VP time discretization of Karras et al. (2022), Table 1, VP column:
 * <pre>  t_i = 1 + i/(N-1) (epsilon_s - 1),   sigma_i = sigma_VP(t_i),   i = 0..N-1,</pre>
 * then the final step to the process's tMin. As in EDM's ablation sampler, beta_d and beta_min of sigma_VP are
 * re-derived from the range so that sigma_VP(1) = sigma_max and sigma_VP(epsilon_s) = sigma_min exactly
 * ({@link LinearBeta#through}). The range is the options' or, by default, the process's sampling range; on the
 * default {@code vp} process that re-derivation gives back beta_d = 19.9, beta_min = 0.1, and the grid is
 * uniform in that process's time. On any other process the levels sigma_i are mapped to its time.
 */
@Extension
@Component(id = "vp", summary = "EDM Table 1 VP discretization: sigma_VP at t uniform from 1 to epsilon_s")
public final class VpSchedule extends NoiseLevelSchedule {

    /** Options of {@link VpSchedule}. */
    public record Options(
            @Param(doc = "number of steps N (N noise levels, then the final step)", defaultValue = "18",
                    min = 1) int steps,
            @Param(doc = "EDM's epsilon_s: the smallest VP time, at which sigma_VP = sigma_min", defaultValue = "1e-3",
                    min = 0, max = 1, exclusiveMin = true, exclusiveMax = true) double epsilonS,
            @Param(doc = "smallest noise level (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMin,
            @Param(doc = "largest noise level (default: the process's sampling range)", min = 0,
                    exclusiveMin = true) Double sigmaMax) {}

    private final double epsilonS;

    /** A VP discretization. */
    public VpSchedule(Options options) {
        super(options.steps(), options.sigmaMin(), options.sigmaMax());
        this.epsilonS = options.epsilonS();
    }

    @Override
    protected double[] noiseLevels(int steps, double sigmaMin, double sigmaMax) {
        LinearBeta beta = LinearBeta.through(epsilonS, sigmaMin, sigmaMax);
        // sigma_VP must rise over [epsilon_s, 1]: beta(t) > 0 there (beta is linear, so check both ends).
        if (!(beta.beta(epsilonS) > 0 && beta.beta(1.0) > 0)) {
            throw new InvalidOptionException("sigma_min", "no VP schedule with positive beta passes through sigma_min="
                    + sigmaMin + " at t=" + epsilonS + " and sigma_max=" + sigmaMax + " at t=1; widen the range or"
                    + " change epsilon_s");
        }
        double[] times = Ramp.linspace(1.0, epsilonS, steps);
        double[] levels = new double[steps];
        for (int i = 0; i < steps; i++) {
            levels[i] = beta.noiseLevel(times[i]);
        }
        return levels;
    }
}
