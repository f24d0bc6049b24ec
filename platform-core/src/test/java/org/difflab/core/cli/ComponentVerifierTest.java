package org.difflab.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.fixtures.TestComponents;
import org.difflab.tck.Check;
import org.difflab.tck.Outcome;
import org.junit.jupiter.api.Test;

/** What difflab verify runs: the contract suite plans every extension point's components, the model side too. */
class ComponentVerifierTest {

    @Test
    void modelGuidanceAndObjectiveComponentsGetTheirContractsAndPassThem() {
        // the verifier readies this thread for the engine (grad mode off), as difflab verify's own thread
        ComponentVerifier verifier = new ComponentVerifier(TestComponents.registry());
        Map<String, ComponentVerifier.Plan> plans = verifier.plan(type -> type.kind() == ExtensionKind.MODEL
                || type.kind() == ExtensionKind.GUIDANCE || type.kind() == ExtensionKind.OBJECTIVE).stream()
                .collect(Collectors.toMap(ComponentVerifier.Plan::label, plan -> plan));
        assertThat(plans).containsOnlyKeys("model exact", "model tiny-mlp", "guidance none", "guidance doubled",
                "training objective denoising");
        assertThat(names(plans.get("model exact"))).containsExactly("model.loads", "model.denoiser-shape",
                "model.deterministic", "model.unconditioned", "model.closed-form");
        assertThat(names(plans.get("model tiny-mlp"))).containsExactly("model.output-shape", "model.training-step",
                "model.save-load", "model.class-labels");
        assertThat(names(plans.get("guidance none"))).containsExactly("guidance.unconditioned",
                "guidance.shape-and-type", "guidance.deterministic", "guidance.evaluations");
        assertThat(names(plans.get("training objective denoising"))).containsExactly("objective.loss",
                "objective.reproducible", "objective.descent");
        for (ComponentVerifier.Plan plan : plans.values()) {
            for (Check check : plan.checks()) {
                Outcome outcome = check.run();
                assertThat(outcome.status()).as(plan.label() + " " + check.name() + ": " + outcome.message())
                        .isNotEqualTo(Outcome.Status.FAILED);
            }
        }
    }

    @Test
    void aComponentCanBeVerifiedWithNonDefaultOptions() {
        var registry = TestComponents.registry();
        ComponentVerifier verifier = new ComponentVerifier(registry);
        var rho = registry.withId("rho").get(0);
        ComponentVerifier.Plan defaults = verifier.plan(rho);
        ComponentVerifier.Plan three = verifier.plan(rho, org.difflab.core.spec.YamlSpecParser.parseValue("{rho: 3}"));
        assertThat(names(three)).isEqualTo(names(defaults));   // the same contract, on another instance
        for (Check check : three.checks()) {
            assertThat(check.run().status()).as(check.name()).isNotEqualTo(Outcome.Status.FAILED);
        }
        // options out of range are one failed check that names the option and the accepted range
        ComponentVerifier.Plan negative = verifier.plan(rho,
                org.difflab.core.spec.YamlSpecParser.parseValue("{rho: -1}"));
        assertThat(negative.checks()).singleElement().satisfies(check -> {
            Outcome outcome = check.run();
            assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
            assertThat(outcome.message()).startsWith("cannot build it with {\"rho\":-1}: ").contains("rho");
        });
    }

    private static List<String> names(ComponentVerifier.Plan plan) {
        return plan.checks().stream().map(Check::name).toList();
    }
}
