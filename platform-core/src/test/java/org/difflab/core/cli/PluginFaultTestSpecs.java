package org.difflab.core.cli;

/** A small spec on the test plugins' components with a chosen solver (plugin fault and results-path tests). */
public final class PluginFaultTestSpecs {

    private PluginFaultTestSpecs() {}

    /** The spec with {@code sampling.solver.type} set to {@code solver}. */
    public static String spec(String solver) {
        return """
                experiment: hostile
                seed: 3
                data: {type: mixture, means: [[-1.0], [1.0]], stds: [0.3, 0.3]}
                process: {type: edm-like, sigma_min: 0.01, sigma_max: 20}
                model: {type: exact}
                parameterization: {type: x0}
                preconditioner: {type: none}
                sampling:
                  solver: {type: %s}
                  schedule: {type: rho, steps: 4}
                  count: 20
                evaluation: {metrics: [mean_gap], plots: false}
                """.formatted(solver);
    }
}
