package org.difflab.plugins.processes;

import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * The conditional optimal-transport path of flow matching and rectified flow (Lipman et al. 2023, Example II
 * with sigma_min = 0; Liu et al. 2023): x_t = (1 - t) x0 + t eps on [0, 1]. It is flow_matching's CondOTScheduler
 * (alpha_FM = t_FM, sigma_FM = 1 - t_FM) with time reversed, t = 1 - t_FM, so that here t = 0 is data.
 *
 * <p>alpha(1) = 0: the noise level t/(1 - t) is +infinity at t = 1, where the prior N(0, I) is exact. Sampling
 * starts at t = 1 by default, which time-defined schedules (uniform-time, quadratic-time) use as is; a schedule
 * defined in noise levels (karras, log-snr, ...) needs a finite sigma_max on this process. The default sampling
 * end t = 1e-3 is noise level ~0.001; a velocity model can also be stepped all the way to t = 0 (uniform-time
 * with t_end = 0 gives flow matching's uniform grid).
 */
@Extension
@Component(id = "rectified-flow", summary = "Rectified flow / conditional OT path x_t = (1-t) x0 + t eps on [0, 1]")
public final class RectifiedFlowProcess implements ForwardProcess {

    /** Options of {@link RectifiedFlowProcess}. */
    public record Options(
            @Param(doc = "smallest time of the default sampling grid before the final step to t = 0",
                    defaultValue = "1e-3", min = 0, max = 1, exclusiveMin = true, exclusiveMax = true)
            double samplingEnd) {}

    private final double samplingEnd;

    /** The conditional OT path. */
    public RectifiedFlowProcess(Options options) {
        this.samplingEnd = options.samplingEnd();
    }

    @Override
    public double alpha(double t) {
        return 1.0 - t;
    }

    @Override
    public double sigma(double t) {
        return t;
    }

    @Override
    public double alphaDot(double t) {
        return -1.0;
    }

    @Override
    public double sigmaDot(double t) {
        return 1.0;
    }

    @Override
    public double tMax() {
        return 1.0;
    }

    @Override
    public double samplingStart() {
        return 1.0;
    }

    @Override
    public double samplingEnd() {
        return samplingEnd;
    }

    /** Closed form: t/(1 - t) = level gives t = level/(1 + level); +infinity gives t = 1. */
    @Override
    public double timeAtNoiseLevel(double level) {
        return checkedInverse(Double.isInfinite(level) ? 1.0 : level / (1.0 + level), level);
    }
}
