package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.difflab.api.Metric;
import org.difflab.api.MetricInput;
import org.difflab.api.Points;
import org.difflab.api.MetricValue;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.GaussianMixtureData;
import org.difflab.api.math.Rng;
import org.difflab.core.cli.ComponentVerifier;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.YamlSpecParser;
import org.difflab.tck.NamedProcess;
import org.difflab.tck.fixtures.ReferenceModelUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12's check: on the exact mixture denoiser (closed-form divergence) the probability-flow log-likelihood of
 * held-out points is the mixture's log-density, on the bundled VP, sub-VP, VE, EDM and rectified-flow processes
 * (their default options, as loaded by the plugin manager) in 1, 2 and 16 dimensions.
 *
 * <p>Tolerances: the ODE is solved to rtol = atol = 1e-5; it starts at each process's sampling end, where the data are
 * blurred by N(0, sigma_0^2 I) with sigma_0 &le; 0.01 (VE's sigma_min), O(sigma_0^2 / (2 s^2)) &le; 1.3e-3 nats per
 * dimension for the smallest std s = 0.2; the prior N(0, sigma_T^2 I) differs from p_T at a point x_T = sigma_T z by
 * about alpha_T mu . z / sigma_T (VE: sigma_T = 50), up to ~0.1 nats per point here, but by O(alpha_T^2 |mu|^2 /
 * sigma_T^2) on average. So the mean over points is held to issue 12's 0.01 nats per dimension (pointwise checks on
 * the contract suite's reference processes are in the metrics plugin's PfOdeNllTest). The standard error over points
 * is the data's own, within 5% (the pointwise errors are small against the spread of -log p).
 */
class PfOdeNllProcessesTest {

    @RegisterExtension
    static final BundledPlugins PLUGINS = new BundledPlugins();

    /** The bundled metric as a spec names it. */
    private static Metric metric(String yaml) {
        SpecDocument document = YamlSpecParser.parse("m: " + yaml, "test", null);
        return (Metric) new SpecBinder(PLUGINS.registry(), document).bindComponent(document.root().get("m"),
                ExtensionKind.METRIC, "m").create();
    }

    @Test
    void theExactModelsLikelihoodIsTheMixtureDensityOnEveryProcessIn1And2And16Dimensions() {
        List<GaussianMixture> mixtures = List.of(
                new GaussianMixture(new double[][] {{-1.0}, {1.5}}, new double[] {0.3, 0.5}, new double[] {0.4, 0.6}),
                ring(8, 2.0, 0.2),
                random(16, 4, 2.0, 0.5, new Rng(12)));
        int[] points = {100, 100, 40};
        Set<String> wanted = Set.of("vp", "sub-vp", "ve", "edm", "rectified-flow");
        List<String> checked = new ArrayList<>();
        Metric metric = metric("{type: pf_ode_nll, divergence: closed_form}");
        for (NamedProcess named : new ComponentVerifier(PLUGINS.registry()).processes()) {
            if (!wanted.contains(named.name())) {
                continue;
            }
            for (int m = 0; m < mixtures.size(); m++) {
                GaussianMixture mixture = mixtures.get(m);
                int d = mixture.dims();
                GaussianMixtureData data = new GaussianMixtureData(mixture);
                try (ReferenceModelUnderTest exact = ReferenceModelUnderTest.exact(data, named.process())
                        .withLikelihoodPoints(points[m])) {
                    Points none = Points.of(new double[0][]);   // pf_ode_nll reads held-out data only
                    MetricValue value = metric.measure(new MetricInput(none, none, data, new Rng(1), null, null,
                            exact));
                    double[] truth = Arrays.stream(mixture.logDensity(exact.heldOut(points[m]).rows()))
                            .map(v -> -v).toArray();
                    assertThat(value.details().get("nats_per_dim")).as("%s, %d-D, mean over points", named.name(), d)
                            .isCloseTo(mean(truth) / d, within(0.01));
                    // the same points: the spread over points is the density's own
                    assertThat(value.details().get("se")).isCloseTo(sd(truth) / Math.sqrt(points[m]),
                            within(0.05 * sd(truth) / Math.sqrt(points[m])));
                }
            }
            checked.add(named.name());
        }
        assertThat(checked).containsExactlyInAnyOrderElementsOf(wanted);
    }

    private static GaussianMixture ring(int components, double radius, double std) {
        double[][] means = new double[components][];
        for (int k = 0; k < components; k++) {
            double angle = 2 * Math.PI * k / components;
            means[k] = new double[] {radius * Math.cos(angle), radius * Math.sin(angle)};
        }
        double[] stds = new double[components];
        double[] weights = new double[components];
        Arrays.fill(stds, std);
        Arrays.fill(weights, 1.0);
        return new GaussianMixture(means, stds, weights);
    }

    private static GaussianMixture random(int dims, int components, double spread, double std, Rng rng) {
        double[][] means = new double[components][dims];
        double[] stds = new double[components];
        double[] weights = new double[components];
        for (int k = 0; k < components; k++) {
            for (int j = 0; j < dims; j++) {
                means[k][j] = spread * rng.nextGaussian();
            }
            stds[k] = std * (0.5 + rng.nextDouble());
            weights[k] = 0.5 + rng.nextDouble();
        }
        return new GaussianMixture(means, stds, weights);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    private static double sd(double[] values) {
        double mean = mean(values);
        return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1));
    }
}
