package org.difflab.core.spec;

import tools.jackson.databind.JsonNode;

/**
 * A validated experiment: the bound spec, its resolved tree (defaults filled in, as written to spec.yaml)
 * and the run id derived from that tree.
 *
 * @param spec the bound records
 * @param resolved the resolved tree (without the sweep block)
 * @param runId content hash of the resolved tree
 * @param source where the spec came from
 */
public record Experiment(ExperimentSpec spec, JsonNode resolved, String runId, SpecDocument source) {}
