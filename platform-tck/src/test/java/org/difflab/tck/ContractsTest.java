package org.difflab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.difflab.api.Guidance;
import org.difflab.api.Preset;
import org.difflab.api.TrainingObjective;
import org.difflab.tck.fixtures.ReferenceArchitecture;
import org.difflab.tck.fixtures.ReferenceModel;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

/** Contracts picks the checks of a component's extension point (what difflab verify runs on any jar). */
class ContractsTest {

    static List<String> names(Object component) {
        return Contracts.checksFor(component, ReferenceProcesses.all(), null).stream().map(Check::name).toList();
    }

    @Test
    void eachModelSideExtensionPointGetsItsContract() {
        assertThat(names(new ReferenceModel())).containsExactly("model.loads", "model.denoiser-shape",
                "model.deterministic", "model.unconditioned", "model.closed-form");
        // an architecture is a model, checked as a network (it loads only through training or a checkpoint)
        assertThat(names(new ReferenceArchitecture())).containsExactly("model.output-shape", "model.training-step",
                "model.save-load", "model.class-labels");
        Guidance none = context -> context.model();
        assertThat(names(none)).containsExactly("guidance.unconditioned", "guidance.shape-and-type",
                "guidance.deterministic", "guidance.evaluations");
        TrainingObjective objective = context -> batch -> batch.x0().sum();
        assertThat(names(objective)).containsExactly("objective.loss", "objective.reproducible", "objective.descent");
        Preset preset = () -> "seed: 1";
        assertThat(names(preset)).containsExactly("preset.fragment");
    }

    @Test
    void withoutProcessesTheProcessDependentChecksAreSkippedNotPassed() {
        Guidance none = context -> context.model();
        TrainingObjective objective = context -> batch -> batch.x0().sum();
        for (Object component : new Object[] {new ReferenceModel(), none, objective}) {
            for (Check check : Contracts.checksFor(component, List.of(), null)) {
                Outcome outcome = check.run();
                assertThat(outcome.status()).as(check.name()).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(outcome.message()).isEqualTo("no process to check on");
            }
        }
    }
}
