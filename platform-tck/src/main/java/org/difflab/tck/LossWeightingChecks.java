package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import java.util.List;
import org.difflab.api.LossWeighting;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;

/**
 * The contract of a {@link LossWeighting}: the weight is finite and non-negative for the five prediction targets
 * (x0, eps, score, velocity, v) over every process's sampling range where the noise level is finite.
 */
public final class LossWeightingChecks {

    private LossWeightingChecks() {}

    /** Every check of {@code weighting} on {@code processes}. */
    public static List<Check> of(LossWeighting weighting, List<NamedProcess> processes) {
        return List.of(new Check("loss-weighting.finite-non-negative", "weight finite and >= 0 for the x0, eps, score,"
                + " velocity and v targets over each process's sampling range", () -> finite(weighting, processes)));
    }

    static Outcome finite(LossWeighting weighting, List<NamedProcess> processes) {
        if (processes.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        double smallest = Double.POSITIVE_INFINITY;
        double largest = 0;
        int probes = 0;
        for (Probes.PathProbe probe : Probes.pathPoints(processes, 33)) {
            PathPoint p = probe.point();
            LinearTarget[] targets = {LinearTarget.X0, LinearTarget.EPS, LinearTarget.score(p),
                LinearTarget.velocity(p), new LinearTarget(-p.sigma(), p.alpha())};
            String[] names = {"x0", "eps", "score", "velocity", "v"};
            for (int k = 0; k < targets.length; k++) {
                double w = weighting.weight(p, targets[k]);
                if (!(w >= 0) || !Double.isFinite(w)) {
                    return Outcome.failed("weight " + fmt(w) + " for the " + names[k] + " target at t = " + fmt(p.t())
                            + " on " + probe.process() + " (noise level " + fmt(p.noiseLevel()) + "); it must be"
                            + " finite and >= 0");
                }
                smallest = Math.min(smallest, w);
                largest = Math.max(largest, w);
                probes++;
            }
        }
        return Outcome.passed(probes + " weights in [" + fmt(smallest) + ", " + fmt(largest) + "]");
    }
}
