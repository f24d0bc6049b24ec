package org.difflab.core.spec;

import java.util.List;
import org.difflab.api.Metric;
import org.difflab.api.Param;
import org.difflab.core.component.Configured;

/**
 * The {@code evaluation:} block of a spec.
 *
 * @param metrics metrics computed on the samples (and, as a baseline, on a fresh draw from the data)
 * @param plots whether to draw samples.png
 */
public record EvaluationSpec(
        @Param(doc = "metrics computed on the samples, e.g. [energy_distance, exact_nll]", defaultValue = "[]")
        List<Configured<Metric>> metrics,
        @Param(doc = "draw samples.png (samples over the data density)", defaultValue = "true") boolean plots) {}
