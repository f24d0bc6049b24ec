package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presets through the CLI with the packaged plugins: a recipe a spec starts from and overrides. */
class PresetsTest {

    private static final String BASE = """
            experiment: presets
            data: {type: gmm-ring}
            sampling: {count: 200, schedule: {steps: 6}}
            evaluation: {plots: false}
            """;

    /** EDM Table 1's VP column spelled out: what the edm-vp preset says. */
    private static final String SPELLED_OUT = """
            process: {type: vp, beta_min: 0.1, beta_max: 20, sampling_end: 0.001}
            preconditioner: vp
            parameterization: eps
            sampling: {count: 200, schedule: {type: vp, steps: 6}, solver: euler}
            """;

    @TempDir
    Path out;

    @Test
    void aPresetIsTheSameRunAsTheSpecThatSpellsItOut() throws IOException {
        Path preset = write("preset.yaml", BASE + "preset: edm-vp\n");
        Path spelled = write("spelled.yaml", BASE.replace("sampling: {count: 200, schedule: {steps: 6}}\n", "")
                + SPELLED_OUT);
        Cli.Result first = Cli.run("run", preset.toString(), "--out", out.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("euler on vp (6 steps)");
        Cli.Result second = Cli.run("run", spelled.toString(), "--out", out.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("already finished");
        try (Stream<Path> runs = Files.list(out.resolve("presets"))) {
            Path run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
            assertThat(Files.readString(run.resolve("spec.yaml"))).doesNotContain("preset:")
                    .contains("type: vp").contains("epsilon_s: 0.001");
        }
    }

    @Test
    void theSpecsOwnKeysAndOverridesWinOverThePreset() throws IOException {
        Path spec = write("edm.yaml", BASE + "preset: edm\n");
        Cli.Result result = Cli.run("run", spec.toString(), "--out", out.toString(), "--set",
                "sampling.solver=euler", "--set", "sampling.schedule.rho=3");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("euler on karras (6 steps)");
        try (Stream<Path> runs = Files.list(out.resolve("presets"))) {
            String resolved = Files.readString(runs.filter(Files::isDirectory).findFirst().orElseThrow()
                    .resolve("spec.yaml"));
            // rho overridden; the preset's other keys kept (its process range, its sigma_data)
            assertThat(resolved).contains("rho: 3.0").contains("sigma_max: 80.0").contains("sigma_data: 0.5");
        }
    }

    @Test
    void anUnknownPresetIsBadInputWithASuggestion() throws IOException {
        Path spec = write("typo.yaml", BASE + "preset: edm-vpp\n");
        Cli.Result result = Cli.run("run", spec.toString(), "--out", out.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("typo.yaml:5: preset: unknown preset 'edm-vpp'; accepted:")
                .contains("edm-iddpm").contains("rectified-flow").contains("(did you mean 'edm-vp'?)");
        assertThat(out.resolve("presets")).doesNotExist();
    }

    @Test
    void describeShowsWhatAPresetSets() {
        Cli.Result result = Cli.run("describe", "preset/edm-iddpm");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("edm-iddpm (preset)").contains("schedule: {type: iddpm, sigma_max: 81}");
    }

    private Path write(String name, String text) throws IOException {
        Path file = out.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
