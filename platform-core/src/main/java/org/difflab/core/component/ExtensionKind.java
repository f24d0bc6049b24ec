package org.difflab.core.component;

import java.util.Arrays;
import java.util.Optional;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.LossWeighting;
import org.difflab.api.Metric;
import org.difflab.api.Guidance;
import org.difflab.api.Model;
import org.difflab.api.Preset;
import org.difflab.api.TrainingObjective;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.Solver;
import org.difflab.api.TimestepSchedule;

/** The extension points of DESIGN.md section 2, with the words the CLI uses for them. */
public enum ExtensionKind {
    PROCESS(ForwardProcess.class, "process"),
    PARAMETERIZATION(Parameterization.class, "parameterization"),
    PRECONDITIONER(Preconditioner.class, "preconditioner"),
    SCHEDULE(TimestepSchedule.class, "schedule"),
    SOLVER(Solver.class, "solver"),
    LOSS_WEIGHTING(LossWeighting.class, "loss weighting"),
    NOISE_DISTRIBUTION(NoiseDistribution.class, "noise distribution"),
    MODEL(Model.class, "model"),
    GUIDANCE(Guidance.class, "guidance"),
    OBJECTIVE(TrainingObjective.class, "training objective"),
    DATA(DataSource.class, "data source"),
    METRIC(Metric.class, "metric"),
    PRESET(Preset.class, "preset");

    private final Class<?> point;
    private final String label;

    ExtensionKind(Class<?> point, String label) {
        this.point = point;
        this.label = label;
    }

    /** The extension-point interface. */
    public Class<?> point() {
        return point;
    }

    /** Lower-case words for messages ("unknown solver 'x'"). */
    public String label() {
        return label;
    }

    /** The kind whose interface {@code type} is, if any. */
    public static Optional<ExtensionKind> of(Class<?> type) {
        return Arrays.stream(values()).filter(k -> k.point == type).findFirst();
    }
}
