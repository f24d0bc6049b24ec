package org.difflab.experiments.wrong;

import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * Declares times uniform on [samplingEnd, samplingStart] but draws t = end + (start - end) u^2, which piles up near
 * samplingEnd.
 */
@Extension
@Component(id = "wrong-density", summary = "WRONG on purpose: declares a uniform time density, draws u^2")
public final class WrongDensityNoise implements NoiseDistribution {

    @Override
    public double sampleTime(Rng rng, ForwardProcess process) {
        double u = rng.nextDouble();
        return process.samplingEnd() + (process.samplingStart() - process.samplingEnd()) * u * u;   // the mistake
    }

    @Override
    public Optional<DoubleUnaryOperator> timeCdf(ForwardProcess process) {
        double end = process.samplingEnd();
        double start = process.samplingStart();
        return Optional.of(t -> Math.min(1.0, Math.max(0.0, (t - end) / (start - end))));
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CLOSED_FORM_CDF);
    }
}
