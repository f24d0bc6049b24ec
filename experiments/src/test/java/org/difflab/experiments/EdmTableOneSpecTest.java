package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.difflab.api.ForwardProcess;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.YamlSpecParser;
import org.difflab.core.sweep.SweepPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * experiments/edm-table1-gmm.yaml samples EDM's Table 1 columns on EDM's grids: every trial's noise levels, as the
 * bundled plugins compute them from the spec, equal the levels of NVlabs/edm's ablation sampler
 * ({@code generate.py}: its default range per discretization and its formulas, recomputed here), to 1e-12
 * relative. Issue 9, item 7: the iDDPM column ran on the edm process's default sigma_max = 80, where EDM uses 81,
 * so its 18-step grid started at u_9 = 71.29 instead of u_8 = 80.20.
 */
class EdmTableOneSpecTest {

    /** iDDPM's table (Table 1): M, C_1, C_2. */
    private static final int M = 1000;
    private static final double C1 = 0.001;
    private static final double C2 = 0.008;
    /** VP (Table 1): beta_d, beta_min, epsilon_s. */
    private static final double BETA_D = 19.9;
    private static final double BETA_MIN = 0.1;
    private static final double EPSILON_S = 1e-3;

    @RegisterExtension
    static final BundledPlugins PLUGINS = new BundledPlugins();

    /** iDDPM: u_M = 0, u_{j-1} = sqrt((u_j^2 + 1)/max(abar(j-1)/abar(j), C_1) - 1), abar(j) = sin^2(pi/2 j/(M(C_2 + 1))). */
    private static double[] iddpmTable() {
        double[] u = new double[M + 1];
        for (int j = M; j >= 1; j--) {
            double previous = Math.pow(Math.sin(0.5 * Math.PI * (j - 1) / (M * (C2 + 1))), 2);
            double current = Math.pow(Math.sin(0.5 * Math.PI * j / (M * (C2 + 1))), 2);
            u[j - 1] = Math.sqrt((u[j] * u[j] + 1) / Math.max(previous / current, C1) - 1);
        }
        return u;
    }

    /** sigma_VP(t) = sqrt(e^{beta_d t^2/2 + beta_min t} - 1). */
    private static double sigmaVp(double t) {
        return Math.sqrt(Math.exp(0.5 * BETA_D * t * t + BETA_MIN * t) - 1);
    }

    /** The N noise levels of EDM's ablation sampler for a discretization, with its default range. */
    private static double[] edmLevels(String discretization, int n) {
        double[] levels = new double[n];
        switch (discretization) {
            case "vp" -> {
                // the default range [sigma_VP(eps_s), sigma_VP(1)] re-derives beta_d and beta_min unchanged
                for (int i = 0; i < n; i++) {
                    levels[i] = sigmaVp(1 + (double) i / (n - 1) * (EPSILON_S - 1));
                }
            }
            case "ve" -> {
                double min = 0.02;
                double max = 100;
                for (int i = 0; i < n; i++) {
                    levels[i] = Math.sqrt(max * max * Math.pow(min * min / (max * max), (double) i / (n - 1)));
                }
            }
            case "iddpm" -> {
                double min = 0.002;
                double max = 81;
                List<Double> kept = new ArrayList<>();
                for (double u : iddpmTable()) {
                    if (u >= min && u <= max) {
                        kept.add(u);
                    }
                }
                for (int i = 0; i < n; i++) {
                    // torch.round: half to even, like Math.rint
                    levels[i] = kept.get((int) Math.rint((double) (kept.size() - 1) / (n - 1) * i));
                }
            }
            case "karras" -> {
                double min = 0.002;
                double max = 80;
                double rho = 7;
                for (int i = 0; i < n; i++) {
                    levels[i] = Math.pow(Math.pow(max, 1 / rho) + (double) i / (n - 1)
                            * (Math.pow(min, 1 / rho) - Math.pow(max, 1 / rho)), rho);
                }
            }
            default -> throw new IllegalArgumentException(discretization);
        }
        return levels;
    }

    @Test
    void iddpmTableStartsAtThePapersJ0() {
        // the paper writes the iDDPM grid with j_0 = 8; EDM's code filters u_j <= 81 instead: the same first entry
        double[] u = iddpmTable();
        assertThat(u[8]).isCloseTo(80.20, within(0.005)).isLessThan(81);
        assertThat(u[7]).isGreaterThan(81);
        assertThat(u[9]).isCloseTo(71.29, within(0.005));
    }

    @Test
    void everyColumnOfTheSweepRunsOnEdmsGrid() {
        SweepPlan plan = SweepPlan.expand(YamlSpecParser.read(Path.of(System.getProperty("difflab.root"),
                "experiments", "edm-table1-gmm.yaml")), new ExperimentLoader(PLUGINS.registry()));
        Map<String, Integer> checked = new TreeMap<>();
        for (int index = 0; index < plan.size(); index++) {
            Experiment trial = plan.experiment(index);
            ForwardProcess process = trial.spec().process().create();
            String schedule = trial.spec().sampling().schedule().id();
            double[] times = trial.spec().sampling().schedule().create().times(process);
            int steps = times.length - 1;
            double[] expected = edmLevels(schedule, steps);
            for (int i = 0; i < steps; i++) {
                assertThat(process.noiseLevel(times[i])).as("%s column, %d steps: sigma_%d", schedule, steps, i)
                        .isCloseTo(expected[i], within(1e-12 * expected[i]));
            }
            // then EDM's final step to t_N = 0
            assertThat(process.noiseLevel(times[steps])).as("%s column: final noise level", schedule).isZero();
            checked.merge(schedule, 1, Integer::sum);
        }
        assertThat(checked).containsOnlyKeys("vp", "ve", "iddpm", "karras").allSatisfy((column, trials) ->
                assertThat(trials).as(column).isEqualTo(7));
    }
}
