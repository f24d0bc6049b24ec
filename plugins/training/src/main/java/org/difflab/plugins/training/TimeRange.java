package org.difflab.plugins.training;

import org.difflab.api.ForwardProcess;

/**
 * The finite time interval a distribution defined on [0, 1] (logit-normal, the discrete index) is mapped onto:
 * [tMin, tMax], or [tMin, samplingStart] when tMax is infinite (EDM's t = sigma), where sampling starts.
 */
record TimeRange(double lo, double hi) {

    static TimeRange of(ForwardProcess process) {
        double hi = Double.isFinite(process.tMax()) ? process.tMax() : process.samplingStart();
        if (!(hi > process.tMin()) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("the process's time range [" + process.tMin() + ", " + process.tMax()
                    + "] (sampling start " + process.samplingStart() + ") has no finite upper end");
        }
        return new TimeRange(process.tMin(), hi);
    }

    /** lo + u (hi - lo) for u in [0, 1]. */
    double at(double u) {
        return lo + u * (hi - lo);
    }

    /** (t - lo)/(hi - lo). */
    double fraction(double t) {
        return (t - lo) / (hi - lo);
    }
}
