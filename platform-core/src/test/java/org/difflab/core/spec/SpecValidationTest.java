package org.difflab.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.difflab.core.fixtures.TestComponents;
import org.junit.jupiter.api.Test;

/** Every kind of spec error names the key, its line and what is accepted, before anything runs. */
class SpecValidationTest {

    private static final String VALID = """
            experiment: demo
            seed: 3
            data: {type: mixture, means: [[-2.0], [2.0]], stds: [0.5, 0.5]}
            process: {type: edm-like, sigma_min: 0.002, sigma_max: 80}
            sampling:
              solver: {type: euler}
              schedule: {type: rho, steps: 18}
              count: 100
            evaluation: {metrics: [mean_gap]}
            """;

    private final ExperimentLoader loader = new ExperimentLoader(TestComponents.registry());

    private Experiment load(String yaml, String... overrides) {
        SpecDocument document = YamlSpecParser.parse(yaml, "demo.yaml", Path.of("."));
        Overrides.apply(document, List.of(overrides));
        return loader.load(document);
    }

    private List<String> problems(String yaml, String... overrides) {
        try {
            load(yaml, overrides);
        } catch (SpecException e) {
            return e.problems().stream().map(SpecProblem::format).toList();
        }
        throw new AssertionError("expected the spec to be rejected");
    }

    @Test
    void aValidSpecBindsWithDefaultsFilledIn() {
        Experiment experiment = load(VALID);
        assertThat(experiment.spec().sampling().schedule().options().toString()).contains("rho=7.0");
        assertThat(experiment.resolved().get("parameterization").get("type").asString()).isEqualTo("x0");
        assertThat(experiment.resolved().get("sampling").get("precision").asString()).isEqualTo("float64");
        assertThat(experiment.runId()).matches("[0-9a-f]{12}");
    }

    @Test
    void unknownKeyNamesItsLineTheAcceptedKeysAndTheLikelyOne() {
        String yaml = VALID.replace("schedule: {type: rho, steps: 18}", "schedule: {type: rho, stpes: 18}");
        assertThat(problems(yaml)).containsExactly("demo.yaml:7: sampling.schedule.stpes: unknown key 'stpes' for"
                + " schedule 'rho'; accepted: steps, rho, sigma_min, sigma_max (did you mean 'steps'?)");
    }

    @Test
    void copiesOfSigmaDataMustAgree() {
        String yaml = VALID + "preconditioner: {type: scaled, sigma_data: 0.5}\nparameterization: {type: scaled,"
                + " sigma_data: 1.43}\n";
        assertThat(problems(yaml)).singleElement().asString().isEqualTo("demo.yaml:11: parameterization.sigma_data:"
                + " sigma_data differs between components: parameterization.sigma_data = 1.43,"
                + " preconditioner.sigma_data = 0.5; state the data's standard deviation once, the same everywhere");
        assertThat(load(yaml, "parameterization.sigma_data=0.5").runId()).matches("[0-9a-f]{12}");
    }

    @Test
    void labelsNeedLabelledDataAndAreNamedPrecisely() {
        assertThat(problems(VALID, "sampling.labels=all")).singleElement().asString().isEqualTo("--set"
                + " sampling.labels=all: sampling.labels: data 'mixture' has no class labels, so samples cannot be"
                + " conditioned on one; use labels: none, or labelled data");
        assertThat(problems(VALID, "sampling.labels=[1, x]")).singleElement().asString()
                .contains("sampling.labels: labels[1] is \"x\"; class labels are integers >= 0");
        assertThat(problems(VALID, "sampling.labels=some")).singleElement().asString()
                .contains("expected none, all, data or a non-empty list of class labels (e.g. [3]), got 'some'");
    }

    @Test
    void unknownTopLevelKeyIsRejected() {
        assertThat(problems(VALID + "samplng: {}\n")).singleElement().asString()
                .startsWith("demo.yaml:10: samplng: unknown key 'samplng'; accepted: experiment, description, seed,")
                .endsWith("(did you mean 'sampling'?)");
    }

    @Test
    void unknownComponentTypeListsTheRegisteredIds() {
        String yaml = VALID.replace("solver: {type: euler}", "solver: {type: eulr}");
        assertThat(problems(yaml)).containsExactly("demo.yaml:6: sampling.solver.type: unknown solver 'eulr';"
                + " accepted: euler (did you mean 'euler'?)");
    }

    @Test
    void wrongValueTypeSaysWhatWasExpected() {
        String yaml = VALID.replace("count: 100", "count: many");
        assertThat(problems(yaml)).containsExactly("demo.yaml:8: sampling.count: expected an integer, got 'many'");
        assertThat(problems(VALID.replace("steps: 18", "steps: 2.5")))
                .containsExactly("demo.yaml:7: sampling.schedule.steps: expected an integer, got 2.5");
    }

    @Test
    void outOfRangeValueStatesTheRange() {
        assertThat(problems(VALID.replace("steps: 18", "steps: 0")))
                .containsExactly("demo.yaml:7: sampling.schedule.steps: must be >= 1, got 0");
        assertThat(problems(VALID.replace("sigma_max: 80", "sigma_max: -1")))
                .containsExactly("demo.yaml:4: process.sigma_max: must be > 0, got -1");
    }

    @Test
    void componentCrossFieldChecksReportTheKeyTheyName() {
        assertThat(problems(VALID.replace("sigma_min: 0.002", "sigma_min: 100")))
                .containsExactly("demo.yaml:4: process.sigma_min: sigma_min must be below sigma_max");
    }

    @Test
    void missingRequiredKeysAreNamed() {
        String yaml = VALID.replace("data: {type: mixture, means: [[-2.0], [2.0]], stds: [0.5, 0.5]}",
                "data: {type: mixture, stds: [0.5]}");
        assertThat(problems(yaml)).containsExactly("demo.yaml:3: data.means: missing required key (component means);"
                + " expected list of lists of numbers");
        assertThat(problems(VALID.replace("experiment: demo\n", ""))).singleElement().asString()
                .startsWith("demo.yaml: experiment: missing required key");
    }

    @Test
    void allProblemsAreReportedTogether() {
        String yaml = VALID.replace("steps: 18", "steps: -3").replace("count: 100", "count: x");
        assertThat(problems(yaml)).hasSize(2);
    }

    @Test
    void duplicateKeysAreErrorsNotSilentlyOverwritten() {
        assertThat(problems(VALID + "seed: 4\n")).containsExactly(
                "demo.yaml:10: seed: duplicate key (first given at demo.yaml:2)");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThatThrownBy(() -> load("experiment: demo\ndata: [unclosed\n"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("demo.yaml:").hasMessageContaining("not valid YAML");
    }

    @Test
    void exactModelNeedsClosedFormData() {
        String yaml = VALID.replace("data: {type: mixture, means: [[-2.0], [2.0]], stds: [0.5, 0.5]}", "data: moons");
        assertThat(problems(yaml)).singleElement().asString()
                .startsWith("demo.yaml: model: model 'exact' does not apply: needs data with a closed form");
    }

    @Test
    void scheduleRangeOutsideTheProcessIsCaughtBeforeRunning() {
        assertThat(problems(VALID, "sampling.schedule.sigma_max=1e-4")).singleElement().asString()
                .contains("sampling.schedule.sigma_min").contains("need 0 < sigma_min < sigma_max");
    }

    @Test
    void singularParameterizationOnTheGridIsCaught() {
        // eps-prediction cannot recover x0 where alpha = 0; the EDM-like process never reaches it, so this passes
        load(VALID, "parameterization=eps");
    }

    @Test
    void overridesSetNestedKeysAndAreLocatedOnTheCommandLine() {
        Experiment experiment = load(VALID, "sampling.schedule.steps=40", "sampling.solver=euler", "seed=11");
        assertThat(experiment.spec().seed()).isEqualTo(11);
        assertThat(experiment.resolved().get("sampling").get("schedule").get("steps").asInt()).isEqualTo(40);
        assertThat(problems(VALID, "sampling.schedule.steps=zero")).containsExactly(
                "--set sampling.schedule.steps=zero: sampling.schedule.steps: expected an integer, got 'zero'");
        assertThat(problems(VALID, "nonsense")).containsExactly("--set nonsense: expected key.path=value (e.g."
                + " sampling.schedule.steps=40, or sampling.schedule.steps=10,20,40 for a sweep axis), got 'nonsense'");
    }

    @Test
    void runIdDependsOnMeaningNotSpelling() {
        Experiment implicit = load(VALID);
        Experiment explicit = load(VALID.replace("{type: rho, steps: 18}", "{type: rho, steps: 18, rho: 7.0}")
                + "parameterization: {type: x0}\n");
        Experiment different = load(VALID, "seed=4");
        assertThat(explicit.runId()).isEqualTo(implicit.runId());
        assertThat(different.runId()).isNotEqualTo(implicit.runId());
    }

    @Test
    void metricsCanBeIdsOrComponentsAndUnknownOnesAreNamedByIndex() {
        assertThat(problems(VALID.replace("[mean_gap]", "[mean_gap, fid]"))).containsExactly(
                "demo.yaml:9: evaluation.metrics[1].type: unknown metric 'fid'; accepted: mean_gap"
                        .replace(".type:", ":"));
    }

    @Test
    void experimentNameMustBeUsableAsADirectory() {
        assertThat(problems(VALID.replace("experiment: demo", "experiment: ../escape"))).singleElement().asString()
                .contains("experiment: experiment names a results directory");
    }
}
