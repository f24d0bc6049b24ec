package org.difflab.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.Overrides;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.SpecProblem;
import org.difflab.core.spec.YamlSpecParser;
import org.junit.jupiter.api.Test;

/** Expansion of grid, zip, exclude and repeat: exact trial lists, order, ids, and located errors. */
class SweepExpansionTest {

    /** Twelve lines, so a sweep block appended to it starts at line 13. */
    private static final String BASE = """
            experiment: demo
            seed: 3
            data: {type: mixture, means: [[-1.0], [1.0]], stds: [0.3, 0.3]}
            process: {type: edm-like, sigma_min: 0.01, sigma_max: 20}
            model: {type: exact}
            parameterization: {type: x0}
            preconditioner: {type: none}
            sampling:
              solver: {type: test-euler}
              schedule: {type: rho, steps: 4}
              count: 100
            evaluation: {metrics: [mean_gap], plots: false}
            """;

    private final ExperimentLoader loader = new ExperimentLoader(SweepFixtures.registry());

    private SweepPlan expand(String yaml, String... overrides) {
        SpecDocument document = YamlSpecParser.parse(yaml, "demo.yaml", Path.of("."));
        Overrides.apply(document, List.of(overrides));
        return SweepPlan.expand(document, loader);
    }

    private List<String> problems(String sweep) {
        try {
            expand(BASE + sweep);
        } catch (SpecException e) {
            return e.problems().stream().map(SpecProblem::format).toList();
        }
        throw new AssertionError("expected the sweep to be rejected");
    }

    @Test
    void gridZipExcludeAndRepeatExpandToExactlyTheExpectedTrialsInNestedLoopOrder() {
        SweepPlan plan = expand(BASE + """
                sweep:
                  grid:
                    sampling.schedule.steps: [2, 4, 8]
                    sampling.schedule.rho: [3, 7]
                  zip:
                    process.sigma_max: [10, 20]
                    sampling.count: [50, 100]
                  exclude:
                    - {sampling.schedule.steps: 4, sampling.schedule.rho: 7.0}
                    - {sampling.schedule.steps: 8, process.sigma_max: 10}
                  repeat: 2
                """);

        // the expected list, written as the nested loops the documentation describes
        List<String> expected = new ArrayList<>();
        int[] zipSigma = {10, 20};
        int[] zipCount = {50, 100};
        for (int steps : new int[] {2, 4, 8}) {
            for (int rho : new int[] {3, 7}) {
                for (int z = 0; z < 2; z++) {
                    boolean excluded = (steps == 4 && rho == 7) || (steps == 8 && zipSigma[z] == 10);
                    for (int r = 0; r < 2 && !excluded; r++) {
                        expected.add(steps + " " + rho + " " + zipSigma[z] + " " + zipCount[z] + " seed " + (3 + r));
                    }
                }
            }
        }
        List<String> actual = new ArrayList<>();
        for (SweepManifest.Trial trial : plan.manifest().trials()) {
            Map<String, tools.jackson.databind.JsonNode> v = trial.values();
            actual.add(v.get("sampling.schedule.steps") + " " + v.get("sampling.schedule.rho") + " "
                    + v.get("process.sigma_max") + " " + v.get("sampling.count") + " seed " + trial.seed());
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(plan.size()).isEqualTo(16);   // 3 x 2 x 2 combinations, 4 excluded, 2 seeds each
        assertThat(plan.manifest().keys()).containsExactly("sampling.schedule.steps", "sampling.schedule.rho",
                "process.sigma_max", "sampling.count");

        for (SweepManifest.Trial trial : plan.manifest().trials()) {
            assertThat(trial.index()).isEqualTo(plan.manifest().trials().indexOf(trial));
            assertThat(trial.repeat()).isEqualTo(trial.index() % 2);
            Experiment experiment = plan.experiment(trial.index());
            // the values really reached the validated trial spec
            assertThat(experiment.resolved().at("/sampling/schedule/steps").asInt())
                    .isEqualTo(trial.values().get("sampling.schedule.steps").asInt());
            assertThat(experiment.resolved().at("/process/sigma_max").asDouble())
                    .isEqualTo(trial.values().get("process.sigma_max").asDouble());
            assertThat(experiment.spec().sampling().count()).isEqualTo(trial.values().get("sampling.count").asInt());
            assertThat(experiment.spec().seed()).isEqualTo(trial.seed());
            assertThat(experiment.runId()).isEqualTo(trial.runId());
            assertThat(trial.sameRunAs()).isNull();
        }
        assertThat(plan.manifest().trials().stream().map(SweepManifest.Trial::runId).distinct()).hasSize(16);
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void severalZipGroupsAreCrossedWithEachOtherAndAnUnmatchedExcludeIsReported() {
        SweepPlan plan = expand(BASE + """
                sweep:
                  zip:
                    - {sampling.schedule.steps: [2, 4, 8], sampling.schedule.rho: [3, 5, 7]}
                    - {process.sigma_max: [10, 20]}
                  exclude: [{sampling.schedule.steps: 16}]
                """);
        List<String> actual = plan.manifest().trials().stream().map(t -> t.values().get("sampling.schedule.steps")
                + "/" + t.values().get("sampling.schedule.rho") + "/" + t.values().get("process.sigma_max")).toList();
        assertThat(actual).containsExactly("2/3/10", "2/3/20", "4/5/10", "4/5/20", "8/7/10", "8/7/20");
        assertThat(plan.notes()).singleElement().asString().startsWith("demo.yaml:17: exclude entry 0 matches no trial");
    }

    @Test
    void theManifestDependsOnWhatTheTrialsAreNotOnHowTheSpecIsWritten() {
        String sweep = """
                sweep:
                  grid: {sampling.schedule.steps: [2, 4], sampling.schedule.rho: [3, 7]}
                  repeat: 2
                """;
        SweepPlan first = expand(BASE + sweep);
        SweepPlan again = expand(BASE + sweep);
        assertThat(again.manifest().toText()).isEqualTo(first.manifest().toText());

        // the same experiment written differently (block style, another key order, a default made explicit)
        String rewritten = BASE.replace("sampling:\n  solver: {type: test-euler}\n  schedule: {type: rho, steps: 4}",
                "sampling:\n  schedule:\n    steps: 4\n    type: rho\n    rho: 7\n  solver: test-euler");
        assertThat(rewritten).isNotEqualTo(BASE);
        assertThat(expand(rewritten + sweep).manifest().sweepId()).isEqualTo(first.manifest().sweepId());

        // an unswept key changes every trial, so the sweep
        assertThat(expand(BASE + sweep, "sampling.count=101").manifest().sweepId())
                .isNotEqualTo(first.manifest().sweepId());
        // the manifest reads back to itself
        assertThat(SweepManifest.fromJson(first.manifest().toJson())).isEqualTo(first.manifest());
    }

    @Test
    void aTrialIsTheSameRunAsTheEquivalentSingleRunAndCoincidingTrialsCollapse() {
        SweepPlan plan = expand(BASE + """
                sweep:
                  grid:
                    sampling.schedule: [{type: rho, steps: 6}, {type: rho, steps: 6, rho: 7}, {type: rho, steps: 6, rho: 2}]
                """);
        // rho 7 is the default, so the first two trials are one run
        assertThat(plan.manifest().trials()).extracting(SweepManifest.Trial::sameRunAs).containsExactly(null, 0, null);
        assertThat(plan.manifest().runCount()).isEqualTo(2);
        assertThat(plan.notes()).singleElement().asString().contains("trial 1 = trial 0");

        SpecDocument single = YamlSpecParser.parse(BASE, "other.yaml", Path.of("."));
        Overrides.apply(single, List.of("sampling.schedule.steps=6"));
        assertThat(loader.load(single).runId()).isEqualTo(plan.manifest().trials().get(0).runId());
    }

    @Test
    void sweepBlockProblemsAreAllReportedWithTheirLines() {
        List<String> problems = problems("""
                sweep:
                  grid:
                    sampling.schedule.steps: 5
                    sampling.schedule.rho: []
                  zip:
                    process.sigma_max: [10, 20, 30]
                    sampling.count: [50, 100]
                  exclude:
                    - {sampling.solver.type: euler}
                  repeat: 0
                  seeds: 3
                """);
        assertThat(problems).hasSize(6);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(
                "demo.yaml:15: sweep.grid.sampling.schedule.steps: expected a list of values"));
        assertThat(problems).anySatisfy(p -> assertThat(p).isEqualTo(
                "demo.yaml:16: sweep.grid.sampling.schedule.rho: the list of values is empty; give at least one"));
        assertThat(problems).anySatisfy(p -> assertThat(p).isEqualTo("demo.yaml:18: sweep.zip.process.sigma_max:"
                + " zipped lists advance together and must be equally long: process.sigma_max has 3,"
                + " sampling.count has 2"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("demo.yaml:21:"
                + " sweep.exclude[0].sampling.solver.type: 'sampling.solver.type' is not swept"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(
                "demo.yaml:22: sweep.repeat: expected a whole number of seeds from 1 to 100000, got 0"));
        assertThat(problems).anySatisfy(p -> assertThat(p).isEqualTo(
                "demo.yaml:23: sweep.seeds: unknown sweep key 'seeds'; accepted: grid, zip, exclude, repeat, slurm, plots"));
        assertThat(problems("sweep:\n  gird: {sampling.schedule.steps: [5, 10]}\n")).containsExactly("demo.yaml:14:"
                + " sweep.gird: unknown sweep key 'gird'; accepted: grid, zip, exclude, repeat, slurm, plots (did you mean"
                + " 'grid'?)");
    }

    @Test
    void tradeOffPlotsNameTwoMetricsAndASweptKey() {
        String grid = "sweep:\n  grid: {sampling.schedule.steps: [2, 4]}\n";
        assertThat(expand(BASE + grid + "  plots: [{x: mean_gap, y: mean_gap, along: sampling.schedule.steps}]\n")
                .size()).isEqualTo(2);
        assertThat(problems(grid + "  plots: [{x: mean_gap, y: mean_gap, along: seed}]\n")).singleElement().asString()
                .isEqualTo("demo.yaml:15: sweep.plots[0].along: 'seed' is not swept; along names a swept key:"
                        + " sampling.schedule.steps");
        assertThat(problems(grid + "  plots: [{x: mean_gap, along: sampling.schedule.steps, colour: red}]\n"))
                .containsExactlyInAnyOrder("demo.yaml:15: sweep.plots[0].colour: unknown key 'colour'; a plot has x, y"
                        + " and along", "demo.yaml:15: sweep.plots[0].y: y is required: a metric id of the evaluation,"
                        + " e.g. class_accuracy");
        assertThat(problems(grid + "  plots: {x: mean_gap}\n")).singleElement().asString()
                .startsWith("demo.yaml:15: sweep.plots: expected a list of plots");
    }

    @Test
    void structuralMistakesAreRejected() {
        assertThat(problems("sweep:\n  grid: {experiment: [a, b]}\n")).singleElement().asString()
                .startsWith("demo.yaml:14: sweep.grid.experiment: a sweep cannot change 'experiment'");
        assertThat(problems("sweep:\n  grid: {seed: [1, 2]}\n  zip: {seed: [3, 4]}\n")).singleElement().asString()
                .startsWith("demo.yaml:15: sweep.zip.seed: 'seed' is swept twice");
        assertThat(problems("sweep:\n  grid: {seed: [1, 2]}\n  exclude: [{seed: 1}, {seed: 2}]\n"))
                .singleElement().asString().contains("every one of the 2 combinations is excluded");
        assertThat(problems("sweep:\n  repeat: 3\n")).singleElement().asString()
                .isEqualTo("demo.yaml:13: sweep: the sweep has no axes; give grid: and/or zip:");
        assertThat(problems("")).singleElement().asString().startsWith("demo.yaml: sweep: the spec has no sweep:");
        assertThat(problems("sweep:\n  zip: {seed: [1, 2], sampling.count: [10, 20]}\n  grid: [1, 2]\n"))
                .singleElement().asString().startsWith("demo.yaml:15: sweep.grid: expected a mapping");
    }

    @Test
    void aComponentAndOneOfItsOptionsCannotBothBeSwept() {
        // every trial would run with the component's default steps while the summary shows the swept ones
        assertThat(problems("sweep:\n  grid:\n    sampling.schedule.steps: [2, 4]\n    sampling.schedule: [{type: rho},"
                + " {type: rho, rho: 3}]\n")).singleElement().asString().isEqualTo("demo.yaml:16:"
                + " sweep.grid.sampling.schedule: sweep keys 'sampling.schedule' and 'sampling.schedule.steps' overlap:"
                + " 'sampling.schedule' replaces the whole mapping that 'sampling.schedule.steps' is part of; sweep"
                + " either the mapping or its options (e.g. 'sampling.schedule.type' next to 'sampling.schedule.steps')");
        assertThat(problems("sweep:\n  grid: {sampling.solver: [{type: test-euler}]}\n  zip: {sampling.solver.delay_ms:"
                + " [1]}\n")).singleElement().asString().contains("sweep keys 'sampling.solver' and"
                + " 'sampling.solver.delay_ms' overlap");
    }

    @Test
    void problemsOfTheTrialsAreLocatedAtTheSweptValueAndReportedOnce() {
        List<String> problems = problems("""
                sweep:
                  grid:
                    sampling.solver.type:
                      - test-euler
                      - hune
                    sampling.schedule.steps: [2, 4]
                    sampling.schedule.stepz: [1]
                """);
        // 'hune' is wrong in two trials, 'stepz' in four: each problem is reported once, at its line
        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("demo.yaml:17: sampling.solver.type:")
                .contains("hune").contains("test-euler"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("demo.yaml:19: sampling.schedule.stepz")
                .contains("stepz"));
    }

    @Test
    void aProblemInsideAMappingTheSweepCreatedIsStillLocatedAtTheSweptValue() {
        // the spec has no data: block; the sweep creates it, and the options it lacks are reported at the
        // sweep's line (not just "demo.yaml")
        String withoutData = BASE.replace("data: {type: mixture, means: [[-1.0], [1.0]], stds: [0.3, 0.3]}\n", "");
        List<String> problems;
        try {
            expand(withoutData + "sweep:\n  grid:\n    data.type: [mixture]\n");
            throw new AssertionError("expected the sweep to be rejected");
        } catch (SpecException e) {
            problems = e.problems().stream().map(SpecProblem::format).toList();
        }
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("demo.yaml:14: data."));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("means"));
    }

    @Test
    void shardsPartitionTheRunsAndKeepCoincidingTrialsWithTheirFirst() {
        SweepPlan plan = expand(BASE + """
                sweep:
                  grid:
                    sampling.schedule: [{type: rho, steps: 6}, {type: rho, steps: 6, rho: 7}, {type: rho, steps: 3}]
                    sampling.count: [10, 20, 30]
                """);
        SweepManifest manifest = plan.manifest();
        List<Integer> all = new ArrayList<>();
        Map<String, Integer> shardOfRun = new LinkedHashMap<>();
        for (int s = 0; s < 4; s++) {
            Shard shard = Shard.parse(s + "/4");
            for (int index : shard.select(manifest)) {
                all.add(index);
                SweepManifest.Trial trial = manifest.trials().get(index);
                assertThat(trial.owner() % 4).isEqualTo(s);
                Integer previous = shardOfRun.put(trial.runId(), s);
                assertThat(previous == null || previous == s).as("run %s in two shards", trial.runId()).isTrue();
            }
        }
        assertThat(all).hasSize(manifest.trials().size()).doesNotHaveDuplicates();
        assertThatThrownBy(() -> Shard.parse("4/4")).isInstanceOf(SpecException.class)
                .hasMessageContaining("expected I/N with 0 <= I < N");
        assertThatThrownBy(() -> Shard.parse("a/b")).isInstanceOf(SpecException.class);
    }

    @Test
    void shortNamesAreTheShortestUnambiguousTails() {
        assertThat(Labels.shortNames(List.of("sampling.solver.type", "sampling.schedule.steps", "process.type",
                "sampling.schedule.rho", "process.sigma_max", "preconditioner.sigma_max")))
                .containsExactly(Map.entry("sampling.solver.type", "solver"),
                        Map.entry("sampling.schedule.steps", "steps"), Map.entry("process.type", "process"),
                        Map.entry("sampling.schedule.rho", "rho"), Map.entry("process.sigma_max", "process.sigma_max"),
                        Map.entry("preconditioner.sigma_max", "preconditioner.sigma_max"));
    }
}
