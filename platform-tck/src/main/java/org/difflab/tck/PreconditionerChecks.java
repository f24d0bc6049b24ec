package org.difflab.tck;

import static org.difflab.tck.Probes.fmt;

import java.util.List;
import java.util.OptionalDouble;
import org.difflab.api.Capability;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;

/**
 * The contract of a {@link Preconditioner}: over each process's sampling range where the noise level is
 * finite, the input scale c_in/alpha is finite and positive and the noise input c_noise finite; with
 * {@link Capability#UNIT_VARIANCE_INPUT}, the network input c_in x_t has unit variance for data of the declared
 * sigma_data (Karras et al. 2022, eq. 8 and App. B.6).
 */
public final class PreconditionerChecks {

    private PreconditionerChecks() {}

    /** Every check of {@code preconditioner} on {@code processes}. */
    public static List<Check> of(Preconditioner preconditioner, List<NamedProcess> processes) {
        return List.of(
                new Check("preconditioner.finite-positive", "input scale finite and > 0, noise input finite, over each"
                        + " process's sampling range", () -> finitePositive(preconditioner, processes)),
                new Check("preconditioner.unit-variance-input", "Var(c_in x_t) = 1 for data of the declared sigma_data"
                        + " (claimed by UNIT_VARIANCE_INPUT)", () -> unitVariance(preconditioner, processes)));
    }

    static Outcome finitePositive(Preconditioner preconditioner, List<NamedProcess> processes) {
        if (processes.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        int probes = 0;
        for (Probes.PathProbe probe : Probes.pathPoints(processes, 33)) {
            PathPoint p = probe.point();
            double scale = preconditioner.inputScale(p);
            double noise = preconditioner.noiseInput(p);
            if (!(scale > 0) || !Double.isFinite(scale)) {
                return Outcome.failed("input scale " + fmt(scale) + " at t = " + fmt(p.t()) + " on " + probe.process()
                        + " (noise level " + fmt(p.noiseLevel()) + "); it must be finite and > 0");
            }
            if (!Double.isFinite(noise)) {
                return Outcome.failed("noise input " + fmt(noise) + " at t = " + fmt(p.t()) + " on " + probe.process()
                        + " (noise level " + fmt(p.noiseLevel()) + "); it must be finite");
            }
            probes++;
        }
        return Outcome.passed(probes + " path points on " + processes.size() + " processes");
    }

    /**
     * For x0 with per-coordinate standard deviation sigma_data and independent eps, Var(x_t) = alpha^2 sigma_data^2
     * + sigma^2, so Var(c_in x_t) = inputScale^2 (alpha^2 sigma_data^2 + sigma^2) exactly. Checked in closed form
     * and, as a sanity check of the formula, on 4096 draws of x0 ~ N(0, sigma_data^2) at one point.
     */
    static Outcome unitVariance(Preconditioner preconditioner, List<NamedProcess> processes) {
        if (!preconditioner.capabilities().contains(Capability.UNIT_VARIANCE_INPUT)) {
            return Outcome.skipped("does not claim UNIT_VARIANCE_INPUT");
        }
        OptionalDouble declared = preconditioner.sigmaData();
        if (declared.isEmpty()) {
            return Outcome.failed("claims UNIT_VARIANCE_INPUT but declares no sigmaData()");
        }
        double sigmaData = declared.getAsDouble();
        if (processes.isEmpty()) {
            return Outcome.skipped("no process to check on");
        }
        double worst = 0;
        String worstAt = "";
        for (Probes.PathProbe probe : Probes.pathPoints(processes, 33)) {
            PathPoint p = probe.point();
            double scale = preconditioner.inputScale(p);
            double variance = scale * scale * (p.alpha() * p.alpha() * sigmaData * sigmaData + p.sigma() * p.sigma());
            double deviation = Math.abs(variance - 1);
            if (!(deviation <= 1e-9)) {
                return Outcome.failed("Var(c_in x_t) = " + fmt(variance) + " at t = " + fmt(p.t()) + " on "
                        + probe.process() + " (noise level " + fmt(p.noiseLevel()) + ") for sigma_data = "
                        + fmt(sigmaData) + "; it must be 1 (tolerance 1e-9)");
            }
            if (deviation >= worst) {
                worst = deviation;
                worstAt = probe.process() + " t = " + fmt(p.t());
            }
        }
        // Monte-Carlo confirmation at noise level ~1 on the first process: 4096 draws, 5 standard errors (~11%).
        NamedProcess first = processes.get(0);
        double[] times = Probes.finiteNoiseTimes(first.process(), 33);
        if (times.length > 0) {
            double t = times[times.length / 2];
            PathPoint p = PathPoint.of(first.process(), t);
            double scale = preconditioner.inputScale(p);
            Rng rng = new Rng(5);
            int n = 4096;
            double sum = 0;
            double sum2 = 0;
            for (int i = 0; i < n; i++) {
                double x = scale * (p.alpha() * sigmaData * rng.nextGaussian() + p.sigma() * rng.nextGaussian());
                sum += x;
                sum2 += x * x;
            }
            double variance = (sum2 - sum * sum / n) / (n - 1);
            if (!(Math.abs(variance - 1) <= 5 * Math.sqrt(2.0 / n))) {
                return Outcome.failed("sample variance of c_in x_t is " + fmt(variance) + " at t = " + fmt(t) + " on "
                        + first + " (4096 draws); expected 1");
            }
        }
        return Outcome.passed("sigma_data = " + fmt(sigmaData) + "; largest |Var(c_in x_t) - 1| = " + fmt(worst)
                + " (" + worstAt + ")");
    }
}
