package org.difflab.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names and quoting in emitted jobs. */
class JobScriptsTest {

    @Test
    void jobNamesAreDnsLabelsOfAtMost63CharactersKeepingTheSweepId() {
        String name = JobScripts.dnsName("difflab-" + "Very_Long.Experiment-Name".repeat(4), "0123456789ab");
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
                .endsWith("-0123456789ab").startsWith("difflab-very-long-experiment-name");
    }

    @Test
    void shellWordsAreQuotedOnlyWhenNeeded() {
        assertThat(JobScripts.quote("sampling.count=150")).isEqualTo("sampling.count=150");
        assertThat(JobScripts.quote("sampling.solver={type: heun}")).isEqualTo("'sampling.solver={type: heun}'");
        assertThat(JobScripts.quote("it's")).isEqualTo("'it'\"'\"'s'");
    }
}
