package org.difflab.core.spec;

import org.difflab.api.SpecFile;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.Param;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.core.component.Configured;
import tools.jackson.databind.JsonNode;

/**
 * A whole experiment spec (DESIGN.md section 4). Keys are snake_case; each component is
 * {@code {type: <id>, <options>...}}.
 *
 * @param experiment name; results go to {@code <out>/<experiment>/<run-id>/}
 * @param description free text
 * @param seed seed of every random draw
 * @param data the data distribution
 * @param process the forward process
 * @param model the model (exact, or a network architecture)
 * @param parameterization what the model's output estimates
 * @param preconditioner the network's input scaling
 * @param sampling how samples are drawn
 * @param evaluation metrics and plots
 * @param training how a network model is trained (absent for the exact model or a checkpoint)
 * @param checkpoint trained weights (an earlier run's model.npz) to sample instead of training
 * @param sweep a sweep over spec keys, for {@code difflab sweep}
 */
public record ExperimentSpec(
        @Param(doc = "name of the experiment; results go to <out>/<experiment>/<run-id>/") String experiment,
        @Param(doc = "free text describing the experiment", defaultValue = "''") String description,
        @Param(doc = "seed of every random draw of the run", defaultValue = "0") long seed,
        @Param(doc = "the data distribution, e.g. {type: gmm, means: [[-2], [2]], stds: [0.5, 0.5]}")
        Configured<DataSource> data,
        @Param(doc = "the forward process, e.g. {type: edm}") Configured<ForwardProcess> process,
        @Param(doc = "the model: exact (the data's closed-form denoiser) or a network architecture",
                defaultValue = "exact") Configured<ModelArchitecture> model,
        @Param(doc = "what the model's output estimates (its regression target)", defaultValue = "x0")
        Configured<Parameterization> parameterization,
        @Param(doc = "the network's input scaling c_in and noise conditioning c_noise", defaultValue = "none")
        Configured<Preconditioner> preconditioner,
        @Param(doc = "how samples are drawn") SamplingSpec sampling,
        @Param(doc = "metrics and plots", defaultValue = "{}") EvaluationSpec evaluation,
        @Param(doc = "how a network model is trained before sampling (omit for model: exact or a checkpoint)",
                defaultValue = "null") TrainingSpec training,
        @Param(doc = "trained weights to sample instead of training: the model.npz of an earlier run with the same"
                + " model options (a relative path: to the spec's folder, or to the working directory when given with"
                + " --set)", defaultValue = "null") SpecFile checkpoint,
        @Param(doc = "a sweep over spec keys (grid, zip, exclude, repeat), run by difflab sweep") JsonNode sweep) {

    /** Checks the name can be a directory name. */
    public ExperimentSpec {
        if (experiment != null && !experiment.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new org.difflab.api.InvalidOptionException("experiment", "experiment names a results directory:"
                    + " letters, digits, '.', '_' and '-' only, got '" + experiment + "'");
        }
    }

    /** The name results are filed under. */
    public String name() {
        return experiment;
    }
}
