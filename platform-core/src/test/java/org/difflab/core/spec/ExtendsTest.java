package org.difflab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.difflab.api.Component;
import org.difflab.api.Preset;
import org.difflab.api.io.Npy;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.fixtures.TestComponents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code extends:} base specs, presets composed with them, and {@code run --print}'s provenance (issue 16, item 2). */
class ExtendsTest {

    /** A preset setting the schedule's steps and exponent. */
    @Component(id = "few-steps", summary = "test preset: 3 steps, rho 5")
    public static final class FewSteps implements Preset {
        @Override
        public String fragment() {
            return "sampling: {schedule: {type: rho, steps: 3, rho: 5}}\n";
        }
    }

    /** A preset setting the sample count and the steps. */
    @Component(id = "many-samples", summary = "test preset: 50 samples, 6 steps")
    public static final class ManySamples implements Preset {
        @Override
        public String fragment() {
            return "sampling: {count: 50, schedule: {type: rho, steps: 6}}\n";
        }
    }

    private static final String BASE = """
            experiment: demo
            seed: 3
            data: {type: mixture, means: [[-2.0], [2.0]], stds: [0.5, 0.5]}
            process: {type: edm-like, sigma_min: 0.002, sigma_max: 80}
            sampling:
              solver: {type: euler}
              schedule: {type: rho, steps: 4}
              count: 10
            evaluation: {metrics: [mean_gap]}
            """;

    private final ExperimentLoader loader = new ExperimentLoader(ComponentRegistry.ofClasses("0.1.0", List.of(
            TestComponents.EdmLikeProcess.class, TestComponents.EulerSolver.class, TestComponents.RhoSchedule.class,
            TestComponents.Mixture.class, TestComponents.X0.class, TestComponents.Eps.class,
            TestComponents.NoPreconditioning.class, TestComponents.MeanGap.class, TestComponents.Exact.class,
            TestComponents.NoGuidance.class, FewSteps.class, ManySamples.class)));

    @TempDir
    Path folder;

    private Path write(String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Experiment load(Path file, String... overrides) {
        SpecDocument document = YamlSpecParser.read(file);
        Overrides.apply(document, List.of(overrides));
        return loader.load(document);
    }

    private static List<String> problems(Runnable action) {
        try {
            action.run();
        } catch (SpecException e) {
            return e.problems().stream().map(SpecProblem::format).toList();
        }
        throw new AssertionError("expected the spec to be rejected");
    }

    @Test
    void aSpecExtendingABaseOverridesWhatItNamesAndIsTheRunOfTheFlattenedSpec() throws IOException {
        write("common/base.yaml", BASE);
        Path child = write("child.yaml", """
                extends: common/base.yaml
                sampling:
                  schedule: {steps: 8}
                """);
        Experiment extended = load(child);
        assertThat(extended.spec().sampling().count()).isEqualTo(10);   // from the base
        assertThat(extended.resolved().at("/sampling/schedule/steps").asInt()).isEqualTo(8);   // the child's
        Experiment flat = load(write("flat.yaml", BASE.replace("steps: 4", "steps: 8")));
        assertThat(extended.runId()).isEqualTo(flat.runId());

        // what the base says counts: a changed base value is another run
        write("common/base.yaml", BASE.replace("count: 10", "count: 12"));
        assertThat(load(child).runId()).isNotEqualTo(flat.runId());
    }

    @Test
    void aRelativeFilePathInABaseResolvesAgainstTheBasesFolder() throws IOException {
        Path noise = folder.resolve("common/z.npy");
        Files.createDirectories(noise.getParent());
        Npy.write(noise, new double[10], new long[] {10, 1}, false);
        write("common/base.yaml", BASE.replace("count: 10", "count: 10\n  initial_noise: z.npy"));
        Path child = write("child.yaml", "extends: common/base.yaml\nseed: 4\n");
        assertThat(load(child).spec().sampling().initialNoise().path()).isEqualTo(noise);
    }

    @Test
    void aCycleAndAMissingBaseAreRefusedAtTheExtendsLine() throws IOException {
        write("a.yaml", "extends: b.yaml\n" + BASE);
        Path b = write("b.yaml", "seed: 5\nextends: a.yaml\n");
        assertThat(problems(() -> YamlSpecParser.read(b))).containsExactly("a.yaml:1: extends: extends: makes a cycle:"
                + " b.yaml -> a.yaml -> b.yaml; a spec cannot extend itself, directly or through its bases");
        Path self = write("self.yaml", "extends: [self.yaml]\n");
        assertThat(problems(() -> YamlSpecParser.read(self))).singleElement().asString()
                .contains("self.yaml -> self.yaml");

        Path missing = write("missing.yaml", "seed: 1\nextends: nowhere.yaml\n");
        assertThat(problems(() -> YamlSpecParser.read(missing))).singleElement().asString()
                .startsWith("missing.yaml:2: extends: base spec not found: nowhere.yaml (resolved against this spec's"
                        + " folder " + folder);
        assertThatThrownBy(() -> YamlSpecParser.read(write("number.yaml", "extends: 3\n")))
                .hasMessageContaining("expected the path of a base spec");
    }

    @Test
    void presetsOfTheBaseAndOfTheSpecCompose() throws IOException {
        write("base.yaml", "preset: few-steps\n" + BASE.replace("  schedule: {type: rho, steps: 4}\n", "")
                .replace("  count: 10\n", ""));
        Path child = write("child.yaml", "extends: base.yaml\npreset: many-samples\n");
        Experiment experiment = load(child);
        // both presets apply, the spec's later one winning where they overlap (steps), the earlier one elsewhere (rho)
        assertThat(experiment.resolved().at("/sampling/schedule/steps").asInt()).isEqualTo(6);
        assertThat(experiment.resolved().at("/sampling/schedule/rho").asDouble()).isEqualTo(5.0);
        assertThat(experiment.spec().sampling().count()).isEqualTo(50);
        // a key written in a spec wins over every preset
        Path written = write("written.yaml", "extends: base.yaml\npreset: many-samples\nsampling: {count: 20}\n");
        assertThat(load(written).spec().sampling().count()).isEqualTo(20);
    }

    @Test
    void printShowsEveryResolvedValueWithWhereItCameFrom() throws IOException {
        write("common/base.yaml", "preset: few-steps\n" + BASE.replace("  schedule: {type: rho, steps: 4}\n", ""));
        Path child = write("child.yaml", """
                extends: common/base.yaml
                sampling:
                  count: 20
                """);
        String printed = SpecProvenance.print(load(child, "seed=9"));
        assertThat(printed.lines().map(String::strip).map(l -> l.replaceAll(" {2,}#", "  #")).toList()).contains(
                "experiment: demo  # common/base.yaml:2",
                "seed: 9  # --set seed=9",
                "count: 20  # child.yaml:3",
                "steps: 3  # preset 'few-steps'",
                "rho: 5.0  # preset 'few-steps'",
                "type: euler  # common/base.yaml:7",
                "sigma_max: 80.0  # common/base.yaml:5",
                "precision: float64  # default");
        // every value line says where it came from
        assertThat(printed.lines().filter(l -> !l.endsWith(":"))).allSatisfy(l -> assertThat(l).contains("  # "));
    }
}
