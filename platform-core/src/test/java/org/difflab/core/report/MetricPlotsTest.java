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

    private static TrialRow row(int index, Map<String, JsonNode> values, double metric) {
        SweepManifest.Trial trial = new SweepManifest.Trial(index, "run" + index, values, 0, 1, null);
        return new TrialRow(trial, TrialRow.DONE, Map.of("m", metric), Map.of(), 10, null, null, null, null);
    }

    private static Map<String, JsonNode> values(Object... keysAndValues) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            out.put((String) keysAndValues[i], v instanceof Number n ? NODES.numberNode(n.doubleValue())
                    : v == null ? NODES.nullNode() : NODES.stringNode((String) v));
        }
        return out;
    }

    @Test
    void barsAreTheMeanOverSeedsWithTheSampleStandardDeviationInTheSweepsOrder() {
        List<TrialRow> rows = List.of(
                row(0, values("parameterization.type", "eps", "seed", 1), 1.0),
                row(1, values("parameterization.type", "eps", "seed", 2), 3.0),
                row(2, values("parameterization.type", "x0", "seed", 1), 0.5),
                row(3, values("parameterization.type", "x0", "seed", 2), Double.NaN),
                row(4, values("parameterization.type", "v", "seed", 1), 200.0),
                row(5, values("parameterization.type", "v", "seed", 2), 400.0));
        Map<String, Map<String, MetricPlots.Stat>> bars = MetricPlots.bars(rows, List.of("parameterization.type"),
                List.of(), Map.of(), r -> r.metrics().get("m"));
        assertThat(bars).containsOnlyKeys("");   // one series: no other axis varies
        assertThat(bars.get("").keySet()).containsExactly("eps", "x0", "v");
        assertThat(bars.get("").get("eps")).isEqualTo(new MetricPlots.Stat(2.0, Math.sqrt(2.0), 2));
        assertThat(bars.get("").get("x0")).isEqualTo(new MetricPlots.Stat(0.5, Double.NaN, 1));   // NaN dropped
        assertThat(bars.get("").get("v")).isEqualTo(new MetricPlots.Stat(300.0, Math.sqrt(20000.0), 2));
    }

    @Test
    void aSweptSeedIsARepeatNotAnAxisAndSeriesAreNamedByWhatVaries() {
        SweepManifest manifest = new SweepManifest("id", "demo", "demo.yaml", NODES.objectNode(), List.of(
                new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("seed")),
                new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("sampling.schedule.steps")),
                new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("sampling.solver.type"))), 1, List.of(
                new SweepManifest.Trial(0, "a", values("seed", 1, "sampling.schedule.steps", 4,
                        "sampling.solver.type", "heun"), 0, 1, null),
                new SweepManifest.Trial(1, "b", values("seed", 2, "sampling.schedule.steps", 8,
                        "sampling.solver.type", "heun"), 0, 2, null)));
        assertThat(MetricPlots.isNumeric("seed", manifest)).isFalse();
        assertThat(MetricPlots.seriesKeys(manifest, "sampling.schedule.steps")).containsExactly("sampling.solver.type");
        List<TrialRow> rows = List.of(
                row(0, values("steps", 4, "solver", "heun", "seed", 1), 1.0),
                row(1, values("steps", 4, "solver", "heun", "seed", 2), 2.0),
                row(2, values("steps", 8, "solver", "heun", "seed", 1), 5.0));
        var points = MetricPlots.points(rows, List.of("solver"), Map.of(), r -> r.trial().values().get("steps")
                .asDouble(), r -> r.metrics().get("m"));
        // heun is the only solver on this plot, so its name tells nothing: one unnamed series, seeds averaged
        assertThat(points).containsOnlyKeys("");
        assertThat(points.get("")).containsEntry(4.0, new MetricPlots.Stat(1.5, Math.sqrt(0.5), 2))
                .containsEntry(8.0, new MetricPlots.Stat(5.0, Double.NaN, 1));
    }

    @Test
    void aKeyMissingFromSomeTrialsIsStillNumericWhereItIsSet() {
        SweepManifest manifest = new SweepManifest("id", "demo", "demo.yaml", NODES.objectNode(), List.of(
                new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("training.batch_size"))), 1, List.of(
                new SweepManifest.Trial(0, "a", values("training.batch_size", 64), 0, 1, null),
                new SweepManifest.Trial(1, "b", values("training.batch_size", 256), 0, 1, null),
                new SweepManifest.Trial(2, "c", values("training.batch_size", null), 0, 1, null)));
        assertThat(MetricPlots.isNumeric("training.batch_size", manifest)).isTrue();
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

    /**
     * A trade-off plot: one curve per method (the other swept key), its points at the mean of both metrics over
     * seeds, in the order the sweep lists the along key (not sorted by either metric).
     */
    @Test
    void tradeOffCurvesFollowTheAlongKeyInTheSweepsOrderOnePerMethod() {
        List<SweepManifest.AxisKeys> axes = List.of(
                new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("sampling.guidance.type")),
                new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("sampling.guidance.scale")),
                new SweepManifest.AxisKeys(Axis.Kind.GRID, List.of("seed")));
        List<SweepManifest.Trial> trials = new java.util.ArrayList<>();
        List<TrialRow> rows = new java.util.ArrayList<>();
        for (String method : new String[] {"cfg", "autoguidance"}) {
            for (double scale : new double[] {2, 0, 1}) {
                for (int seed = 1; seed <= 2; seed++) {
                    Map<String, JsonNode> values = values("sampling.guidance.type", method, "sampling.guidance.scale",
                            scale, "seed", seed);
                    SweepManifest.Trial trial = new SweepManifest.Trial(trials.size(), "run" + trials.size(), values,
                            0, seed, null);
                    trials.add(trial);
                    double offset = method.equals("cfg") ? 0 : 10;
                    rows.add(new TrialRow(trial, TrialRow.DONE, Map.of("x", offset + scale + seed, "y", -scale),
                            Map.of(), 10, null, null, null, null));
                }
            }
        }
        SweepManifest manifest = new SweepManifest("id", "demo", "demo.yaml", NODES.objectNode(), axes, 2, trials);
        var curves = MetricPlots.tradeOffCurves(new org.difflab.core.sweep.TradeOffPlot("x", "y",
                "sampling.guidance.scale"), manifest, rows, Map.of("sampling.guidance.type", "guidance",
                "sampling.guidance.scale", "scale", "seed", "seed"));
        assertThat(curves.keySet()).containsExactly("guidance=cfg", "guidance=autoguidance");
        var cfg = curves.get("guidance=cfg");
        // scales 2, 0, 1 as listed; x is the mean of scale + 1 and scale + 2
        assertThat(cfg.stream().map(p -> p[0].mean()).toList()).containsExactly(3.5, 1.5, 2.5);
        assertThat(cfg.stream().map(p -> p[1].mean()).toList()).containsExactly(-2.0, 0.0, -1.0);
        assertThat(cfg.get(0)[0].n()).isEqualTo(2);
        assertThat(curves.get("guidance=autoguidance").get(0)[0].mean()).isEqualTo(13.5);
    }
}
