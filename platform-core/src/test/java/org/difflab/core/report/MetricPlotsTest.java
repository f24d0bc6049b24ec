package org.difflab.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.difflab.core.sweep.Axis;
import org.difflab.core.sweep.SweepManifest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Which axes are plotted against, what tells series apart, and when axes are logarithmic or clipped. */
class MetricPlotsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** steps (numeric) x solver (text), zipped with process.sigma_max (numeric) / schedule (text). */
    private static SweepManifest manifest() {
        List<SweepManifest.AxisKeys> axes = List.of(
                new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("sampling.schedule.steps")),
                new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("sampling.solver.type")),
                new SweepManifest.AxisKeys(Axis.Kind.ZIP, List.of("process.sigma_max", "sampling.schedule.type")));
        List<SweepManifest.Trial> trials = new java.util.ArrayList<>();
        int index = 0;
        for (int steps : new int[] {4, 8}) {
            for (String solver : new String[] {"euler", "heun"}) {
                for (int z = 0; z < 2; z++) {
                    Map<String, JsonNode> values = new LinkedHashMap<>();
                    values.put("sampling.schedule.steps", NODES.numberNode(steps));
                    values.put("sampling.solver.type", NODES.stringNode(solver));
                    values.put("process.sigma_max", NODES.numberNode(z == 0 ? 80 : 160));
                    values.put("sampling.schedule.type", NODES.stringNode(z == 0 ? "karras" : "vp"));
                    trials.add(new SweepManifest.Trial(index, "run" + index, values, 0, 1, null));
                    index++;
                }
            }
        }
        return new SweepManifest("id", "demo", "demo.yaml", NODES.objectNode(), axes, 1, trials);
    }

    @Test
    void numericAxesAreThoseWhoseValuesAreAllNumbersAndVary() {
        SweepManifest manifest = manifest();
        assertThat(manifest.keys().stream().filter(k -> MetricPlots.isNumeric(k, manifest)))
                .containsExactly("sampling.schedule.steps", "process.sigma_max");
    }

    @Test
    void seriesAreTheOtherAxesWithoutTheZipPartnersOfTheXAxis() {
        SweepManifest manifest = manifest();
        assertThat(MetricPlots.seriesKeys(manifest, "sampling.schedule.steps"))
                .containsExactly("sampling.solver.type", "process.sigma_max", "sampling.schedule.type");
        // sigma_max moves with the schedule type, so the schedule cannot tell series apart on its plot
        assertThat(MetricPlots.seriesKeys(manifest, "process.sigma_max"))
                .containsExactly("sampling.schedule.steps", "sampling.solver.type");
    }

    @Test
    void logarithmicOnlyForPositiveValuesSpanningADecade() {
        assertThat(MetricPlots.spansDecades(List.of(0.5, 5.0))).isTrue();
        assertThat(MetricPlots.spansDecades(List.of(0.5, 4.9))).isFalse();
        assertThat(MetricPlots.spansDecades(List.of(0.0, 100.0))).isFalse();
        assertThat(MetricPlots.spansDecades(List.of(-1.0, 100.0))).isFalse();
        assertThat(MetricPlots.spansDecades(List.of())).isFalse();
    }

    @Test
    void aLinearAxisIsClippedOnlyWhenAFewOutliersWouldFlattenTheRest() {
        // ten values 0..9 and one at 3500: the 80th percentile is 8, so the axis ends at 8 + 2 * 8 = 24
        List<Double> outlier = new java.util.ArrayList<>(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0));
        outlier.add(3500.0);
        assertThat(MetricPlots.clippedTop(outlier)).isEqualTo(24.0);
        // an evenly spread set is left alone
        assertThat(MetricPlots.clippedTop(List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0))).isNaN();
        assertThat(MetricPlots.clippedTop(List.of(1.0, 1000.0))).isNaN();   // too few to judge
    }

    @Test
    void barsOfValuesSpanningDecadesAreDrawnOnALogarithmicAxisFromTheDecadeBelow() {
        // a sweep over solvers only (no numeric axis) whose energy distances span 10.9x, with one failed trial:
        // the report used to fail here (XChart's bars start at 0, which a logarithmic axis cannot show)
        List<SweepManifest.AxisKeys> axes = List.of(new SweepManifest.AxisKeys(Axis.Kind.GRID,
                List.of("sampling.solver")));
        String[] solvers = {"euler", "heun", "lms", "dpm-solver", "rk45"};
        double[] values = {0.0039, 0.00106, 0.00045, 0.00036, Double.NaN};
        List<SweepManifest.Trial> trials = new java.util.ArrayList<>();
        List<TrialRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < solvers.length; i++) {
            SweepManifest.Trial trial = new SweepManifest.Trial(i, "run" + i,
                    Map.of("sampling.solver", NODES.stringNode(solvers[i])), 0, 7, null);
            trials.add(trial);
            rows.add(Double.isNaN(values[i])
                    ? new TrialRow(trial, TrialRow.FAILED, Map.of(), Map.of(), null, null, null, "too many steps", null)
                    : new TrialRow(trial, TrialRow.DONE, Map.of("energy_distance", values[i]), Map.of(), 18, 1.0, 1.0,
                            null, null));
        }
        SweepManifest manifest = new SweepManifest("id", "demo", "demo.yaml", NODES.objectNode(), axes, 1, trials);
        List<MetricPlots.Plot> plots = MetricPlots.of(new SweepResults(java.nio.file.Path.of("."), manifest, rows,
                List.of("energy_distance"), List.of()));
        assertThat(plots).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("energy_distance-by-solver.png");
            assertThat(p.png()).startsWith(0x89, 'P', 'N', 'G');
        });
        assertThat(MetricPlots.decadeBelow(List.of(0.0039, 0.00036))).isEqualTo(1e-4);
        assertThat(MetricPlots.decadeBelow(List.of(20.0, 3.0))).isEqualTo(1.0);
    }
}
