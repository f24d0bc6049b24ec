package org.difflab.tck;

import java.util.List;
import java.util.function.IntFunction;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Guidance;
import org.difflab.api.LossWeighting;
import org.difflab.api.Metric;
import org.difflab.api.Model;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.Preset;
import org.difflab.api.Solver;
import org.difflab.api.TimestepSchedule;
import org.difflab.api.TrainingObjective;

/**
 * The contract suite's entry point: the checks of a component of any extension point. Checks are plain objects
 * ({@link Check}) that run without a test framework: {@code difflab verify} prints them, the build and the JUnit
 * mix-ins in {@code org.difflab.tck.junit} turn them into tests.
 */
public final class Contracts {

    private Contracts() {}

    /**
     * The checks of {@code component}, chosen by the extension point it implements.
     *
     * @param component an instance of one extension point
     * @param processes processes for components that work on one (solvers, schedules, parameterizations,
     *     preconditioners, loss weightings, noise distributions, models, guidance, training objectives)
     * @param scheduleWithSteps for a schedule, the same schedule with N steps (null if it has no step count)
     * @throws IllegalArgumentException if {@code component} implements no extension point
     */
    public static List<Check> checksFor(Object component, List<NamedProcess> processes,
            IntFunction<? extends TimestepSchedule> scheduleWithSteps) {
        if (component instanceof ForwardProcess process) {
            return ForwardProcessChecks.of(process);
        }
        if (component instanceof Parameterization parameterization) {
            return ParameterizationChecks.of(parameterization, processes);
        }
        if (component instanceof Preconditioner preconditioner) {
            return PreconditionerChecks.of(preconditioner, processes);
        }
        if (component instanceof TimestepSchedule schedule) {
            return TimestepScheduleChecks.of(schedule, scheduleWithSteps == null ? null : scheduleWithSteps::apply,
                    processes);
        }
        if (component instanceof Solver solver) {
            return SolverChecks.of(solver, processes);
        }
        if (component instanceof LossWeighting weighting) {
            return LossWeightingChecks.of(weighting, processes);
        }
        if (component instanceof NoiseDistribution distribution) {
            return NoiseDistributionChecks.of(distribution, processes);
        }
        if (component instanceof ModelArchitecture architecture) {
            return ModelArchitectureChecks.of(architecture);
        }
        if (component instanceof Model model) {
            return ModelChecks.of(model, processes);
        }
        if (component instanceof Guidance guidance) {
            return GuidanceChecks.of(guidance, processes);
        }
        if (component instanceof TrainingObjective objective) {
            return TrainingObjectiveChecks.of(objective, processes);
        }
        if (component instanceof DataSource data) {
            return DataSourceChecks.of(data);
        }
        if (component instanceof Metric metric) {
            return MetricChecks.of(metric);
        }
        if (component instanceof Preset preset) {
            return PresetChecks.of(preset);
        }
        throw new IllegalArgumentException(component.getClass().getName() + " implements no difflab extension point");
    }
}
