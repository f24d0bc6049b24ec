package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** libgomp's wait: a bounded spin by default, explicit settings kept, the launcher exporting the same defaults. */
class OpenMpWaitingTest {

    @Test
    void defaultsAreABoundedSpinThenSleepAndExplicitSettingsAreKept() {
        assertThat(OpenMpWaiting.defaults()).containsExactly(Map.entry("OMP_WAIT_POLICY", "PASSIVE"),
                Map.entry("GOMP_SPINCOUNT", "10000"));
        assertThat(OpenMpWaiting.environment(Map.of("GOMP_SPINCOUNT", "0", "PATH", "/bin")))
                .containsExactly(Map.entry("OMP_WAIT_POLICY", "PASSIVE"), Map.entry("GOMP_SPINCOUNT", "0"));
        assertThat(OpenMpWaiting.environment(Map.of("OMP_WAIT_POLICY", "ACTIVE")))
                .containsEntry("OMP_WAIT_POLICY", "ACTIVE").containsEntry("GOMP_SPINCOUNT", "10000");
    }

    @Test
    void theLauncherExportsTheSameDefaults() throws IOException {
        // surefire runs in the module's directory; the launcher is the checkout's bin/difflab
        String launcher = Files.readString(Path.of("..", "bin", "difflab"));
        OpenMpWaiting.defaults().forEach((name, value) -> assertThat(launcher)
                .contains("\nexport " + name + "=\"${" + name + ":-" + value + "}\"\n"));
    }
}
