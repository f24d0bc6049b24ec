package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.difflab.core.cli.ComponentVerifier;
import org.difflab.tck.Check;
import org.difflab.tck.Outcome;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract suite against every bundled plugin jar, loaded from target/test-plugins by the real plugin manager
 * (as {@code bin/difflab} loads them): one test per component and contract check. Components are built from their
 * defaults or {@code @Component(example)}; checks that need processes run on every bundled process.
 */
@Tag("slow")   // the whole contract suite over every bundled jar; -Pquick skips it
class BundledPluginsContractTest {

    /**
     * Checks a bundled component is known to fail, keyed "kind id check", with why the contract is right and the
     * component wrong. Such a test passes while the check fails with this reason's measured value, and fails
     * (asking for the entry's removal) once the component is fixed. Empty: every bundled component passes.
     */
    static final Map<String, String> KNOWN_FAILURES = Map.of();

    @RegisterExtension
    static final BundledPlugins PLUGINS = new BundledPlugins();

    @Test
    void everyBundledJarLoadsWithoutFailures() throws Exception {
        long jars;
        try (Stream<Path> files = Files.list(BundledPlugins.directory())) {
            jars = files.filter(p -> p.getFileName().toString().startsWith("plugin-")).count();
        }
        assertThat(jars).as("plugin jars copied to target/test-plugins").isGreaterThanOrEqualTo(9);
        assertThat(PLUGINS.manager().started()).hasSize((int) jars);
        assertThat(PLUGINS.registry().failures()).isEmpty();
    }

    @TestFactory
    Stream<DynamicNode> contractSuite() {
        ComponentVerifier verifier = new ComponentVerifier(PLUGINS.registry());
        assertThat(verifier.processes()).as("processes the checks run on").hasSizeGreaterThanOrEqualTo(5);
        return verifier.plan(type -> true).stream().map(plan -> dynamicContainer(
                plan.label() + " [" + plan.type().origin().pluginId() + "]",
                plan.checks().stream().map(check -> dynamicTest(check.name(), () -> run(plan, check)))));
    }

    private static void run(ComponentVerifier.Plan plan, Check check) {
        Outcome outcome = check.run();
        String key = plan.label() + " " + check.name();
        String known = KNOWN_FAILURES.get(key);
        if (known != null) {
            Assertions.assertEquals(Outcome.Status.FAILED, outcome.status(), key + " is listed as a known failure ("
                    + known + ") but now " + outcome.status() + ": remove it from KNOWN_FAILURES");
            System.out.println("known failure " + key + ": " + outcome.message() + " -- " + known);
            return;
        }
        switch (outcome.status()) {
            case PASSED -> System.out.println("PASS " + key + ": " + outcome.message());
            case SKIPPED -> Assumptions.abort(key + " skipped: " + outcome.message());
            case FAILED -> Assertions.fail(key + " failed: " + outcome.message());
            default -> throw new IllegalStateException();
        }
    }
}
