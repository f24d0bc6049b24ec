package org.difflab.api;

import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.difflab.api.math.Rng;

/**
 * How training draws the time t of each example (EDM's p_train): log-normal in sigma, uniform in time,
 * log-uniform sigma, a uniform discrete index, logit-normal, ... Draws lie inside the process's time range.
 *
 * <p>Contract: draws are finite and inside [tMin, tMax]; with {@link Capability#CLOSED_FORM_CDF} they
 * follow {@link #timeCdf} (Kolmogorov-Smirnov test at a fixed seed).
 */
public interface NoiseDistribution extends Pluggable {

    /** One training time for {@code process}. */
    double sampleTime(Rng rng, ForwardProcess process);

    /** The CDF of the drawn time for {@code process}, if known in closed form. */
    default Optional<DoubleUnaryOperator> timeCdf(ForwardProcess process) {
        return Optional.empty();
    }
}
