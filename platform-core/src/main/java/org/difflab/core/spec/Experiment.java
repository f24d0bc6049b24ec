package org.difflab.core.spec;

import tools.jackson.databind.JsonNode;

/**
 * A validated experiment: the bound spec, its resolved tree (defaults filled in, as written to spec.yaml), the
 * inputs it reads besides the spec, and the run id derived from both.
 *
 * @param spec the bound records
 * @param resolved the resolved tree (without the sweep block)
 * @param runId content hash of the resolved tree, the inputs and the platform version ({@link RunInputs#runId})
 * @param source where the spec came from
 * @param inputs the components and files the run uses, with their identities
 * @param trainingId content hash of what a trained network depends on ({@link RunInputs#trainingId})
 */
public record Experiment(ExperimentSpec spec, JsonNode resolved, String runId, SpecDocument source,
        RunInputs inputs, String trainingId) {}
