package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.difflab.api.Parameterization;
import org.difflab.api.math.Combination;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.GaussianMixtureData;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Preconditioning;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.sampling.Denoiser;
import org.difflab.tck.fixtures.ReferenceData;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

/** The exact model is the closed-form posterior mean, whatever target it is read through. */
class ExactModelTest {

    @Test
    void everyParameterizationReadsBackThePosteriorMean() {
        ReferenceData data = new ReferenceData();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new Rng(3).gaussians(64 * 2), new ai.djl.ndarray.types.Shape(64, 2)).mul(2);
            for (Parameterization target : new Parameterization[] {ModelSettings.EPS, ModelSettings.V,
                    ModelSettings.SKIP_OUT}) {
                ModelSettings setting = new ModelSettings(data, ReferenceProcesses.VP_LIKE, target,
                        ModelSettings.IDENTITY);
                try (LoadedModel model = new ExactModel().load(setting)) {
                    for (double t : new double[] {0.05, 0.3, 0.9}) {
                        double[] exact = ReferenceData.MIXTURE.posteriorMean(x, PathPoint.of(setting.process(), t))
                                .toDoubleArray();
                        double[] through = model.denoise(x, t, Condition.NONE).toDoubleArray();
                        // one conversion to the target and one back: a few ulps of the values (|x0| < 4)
                        for (int i = 0; i < exact.length; i++) {
                            assertThat(through[i]).isCloseTo(exact[i], within(1e-12));
                        }
                    }
                }
            }
        }
    }

    /**
     * The exact model's {@code combined(x, t, c, map)} folds map and read-out into the posterior mean's last product;
     * it equals a x + b D(x) with D the model's own x0_hat, combined afterwards in float64, to the rounding of the
     * model's data type: for mixtures in 2, 3 and 16 dimensions with K = 3, 1 and 5 (unequal and equal stds), with
     * class labels (and unlabelled samples among them), every parameterization, several maps and times, float64
     * and float32. Tolerance: 64 units of rounding of the terms' magnitudes, |a x| + |b| (|skip x| + |D| + max |mu|);
     * a dropped or mis-scaled coefficient would be off by O(1) of those. {@code denoisedAndCombined} (an observed
     * step's evaluation) gives the two methods' own results bit for bit, so observing a step does not change it.
     */
    @Test
    void foldedCombinationEqualsTheCombinationOfTheDenoiser() {
        GaussianMixture sixteen = randomMixture(16, 5, 11);
        GaussianMixture single = GaussianMixture.single(new double[] {0.5, -1.0, 2.0}, 0.7);
        record Case(GaussianMixture mixture, int[] labels) {}
        List<Case> cases = List.of(new Case(ReferenceData.MIXTURE, null), new Case(single, null),
                new Case(sixteen, null), new Case(ReferenceData.LABELLED_MIXTURE, new int[] {0, 1, -1, 1, 0, -1}));
        Combination[] maps = {new Combination(0.0, 1.0), new Combination(1.0, -0.35), new Combination(0.5, 0.02),
                new Combination(-2.5, 3.0)};
        int checked = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Case c : cases) {
                int d = c.mixture().dims();
                int n = c.labels() == null ? 40 : c.labels().length;
                Condition condition = c.labels() == null ? Condition.NONE : Condition.labels(c.labels());
                double maxMean = Arrays.stream(c.mixture().means()).flatMapToDouble(Arrays::stream)
                        .map(Math::abs).max().orElseThrow();
                NDArray x64 = manager.create(new Rng(5).gaussians(n * d), new Shape(n, d)).mul(1.5);
                for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
                    NDArray x = x64.toType(type, false);
                    double[] xs = x.toType(DataType.FLOAT64, false).toDoubleArray();
                    double unit = type == DataType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
                    for (Parameterization target : new Parameterization[] {ModelSettings.EPS, ModelSettings.V,
                            ModelSettings.SKIP_OUT}) {
                        ModelSettings setting = new ModelSettings(new GaussianMixtureData(c.mixture()),
                                ReferenceProcesses.VP_LIKE, target, ModelSettings.IDENTITY);
                        try (LoadedModel model = new ExactModel().load(setting)) {
                            for (double t : new double[] {0.05, 0.6, 3.0}) {
                                PathPoint p = PathPoint.of(setting.process(), t);
                                double skip = Preconditioning.at(p, target, ModelSettings.IDENTITY)
                                        .throughTarget().onX();
                                double[] denoised = model.denoise(x, t, condition).toType(DataType.FLOAT64, false)
                                        .toDoubleArray();
                                for (Combination map : maps) {
                                    NDArray folded = model.combined(x, t, condition, map);
                                    // an observed step's pair is the two methods' own results, bit for bit
                                    Denoiser.Denoised both = model.denoisedAndCombined(x, t, condition, map);
                                    assertThat(both.combined().toType(DataType.FLOAT64, false).toDoubleArray())
                                            .containsExactly(folded.toType(DataType.FLOAT64, false).toDoubleArray());
                                    assertThat(both.x0().toType(DataType.FLOAT64, false).toDoubleArray())
                                            .containsExactly(denoised);
                                    assertThat(folded.getDataType()).isEqualTo(type);
                                    assertThat(folded.getShape()).isEqualTo(x.getShape());
                                    double[] got = folded.toType(DataType.FLOAT64, false).toDoubleArray();
                                    for (int i = 0; i < got.length; i++) {
                                        double expected = map.apply(xs[i], denoised[i]);
                                        double magnitude = Math.abs(map.onX() * xs[i]) + Math.abs(map.onOther())
                                                * (Math.abs(skip * xs[i]) + Math.abs(denoised[i]) + maxMean);
                                        assertThat(Math.abs(got[i] - expected))
                                                .as("%d-D, %s, %s, t=%s, %s, element %d", d, type, target, t, map, i)
                                                .isLessThanOrEqualTo(64 * unit * magnitude);
                                    }
                                    checked++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 2 * 3 * 3 * 4);
    }

    /** K components in d dimensions: means N(0, 2^2 I), std 0.5, uniform weights. */
    private static GaussianMixture randomMixture(int d, int k, long seed) {
        Rng rng = new Rng(seed);
        double[][] means = new double[k][d];
        for (double[] mean : means) {
            for (int j = 0; j < d; j++) {
                mean[j] = 2 * rng.nextGaussian();
            }
        }
        double[] stds = new double[k];
        Arrays.fill(stds, 0.5);
        double[] weights = new double[k];
        Arrays.fill(weights, 1.0);
        return new GaussianMixture(means, stds, weights);
    }

    @Test
    void dataWithoutAClosedFormIsRefusedWithTheReason() {
        org.difflab.api.DataSource moons = new org.difflab.api.DataSource() {
            public ai.djl.ndarray.types.Shape sampleShape() {
                return new ai.djl.ndarray.types.Shape(2);
            }

            public NDArray sample(NDManager manager, int n, Rng rng) {
                return manager.zeros(new ai.djl.ndarray.types.Shape(n, 2));
            }
        };
        ModelSettings setting = new ModelSettings(moons, ReferenceProcesses.VP_LIKE, ModelSettings.EPS,
                ModelSettings.IDENTITY);
        assertThat(new ExactModel().inapplicableTo(setting)).get().asString()
                .contains("needs data with a closed form").contains("train a network model");
    }
}
