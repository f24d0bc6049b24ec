package org.difflab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Helpers for asserting on check outcomes. */
final class Outcomes {

    private Outcomes() {}

    /** Runs the check named {@code name} from {@code checks}. */
    static Outcome run(List<Check> checks, String name) {
        Check check = checks.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + checks.stream().map(Check::name).toList()));
        return check.run();
    }

    static void assertPassed(Outcome outcome) {
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.PASSED);
    }

    static void assertFailed(Outcome outcome, String... fragments) {
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.FAILED);
        assertThat(outcome.message()).contains(fragments);
    }

    static void assertSkipped(Outcome outcome, String reason) {
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SKIPPED);
        assertThat(outcome.message()).contains(reason);
    }
}
