package org.difflab.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PytorchScriptTest {

    /** Outside a checkout the comparison is skipped with a reason naming the script it looked for. */
    @Test
    void aMissingScriptIsReportedWithThePathLookedAt(@TempDir Path elsewhere) {
        String home = System.getProperty("difflab.home");
        System.setProperty("difflab.home", elsewhere.toString());
        try {
            PytorchScript script = PytorchScript.find();
            assertThat(script.available()).isFalse();
            assertThat(script.whyUnavailable()).contains(elsewhere.resolve("bench").resolve("pytorch_mlp_step.py")
                    .toString()).contains("not found");
        } finally {
            if (home == null) {
                System.clearProperty("difflab.home");
            } else {
                System.setProperty("difflab.home", home);
            }
        }
    }
}
