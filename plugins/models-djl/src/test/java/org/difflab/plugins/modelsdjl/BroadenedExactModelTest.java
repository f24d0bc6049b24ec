package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.GaussianMixtureData;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.LoadedModel;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

/** The broadened exact model is the exact denoiser of the same labelled mixture with every std scaled. */
class BroadenedExactModelTest {

    private static final GaussianMixture MIXTURE = new GaussianMixture(new double[][] {{-1, 0}, {1, 0.5}, {0, 2}},
            new double[] {0.3, 0.4, 0.5}, new double[] {1, 2, 1}, new int[] {0, 1, 0});

    @Test
    void itIsTheClassConditionalDenoiserOfTheMixtureWithStdsScaled() {
        GaussianMixture wider = new GaussianMixture(MIXTURE.means(), new double[] {0.45, 0.6, 0.75},
                new double[] {1, 2, 1}, new int[] {0, 1, 0});
        ModelSettings setting = new ModelSettings(new GaussianMixtureData(MIXTURE), ReferenceProcesses.VP_LIKE,
                ModelSettings.EPS, ModelSettings.IDENTITY);
        try (NDManager manager = NDManager.newBaseManager();
                LoadedModel model = new BroadenedExactModel(new BroadenedExactModel.Options(1.5)).load(setting)) {
            NDArray x = manager.create(new Rng(3).gaussians(6 * 2), new Shape(6, 2));
            Condition labels = Condition.labels(0, 1, Condition.NO_LABEL, 1, 0, 0);
            for (double t : new double[] {0.1, 0.5}) {
                double[] expected = wider.posteriorMean(x, PathPoint.of(setting.process(), t), labels).toDoubleArray();
                double[] through = model.denoise(x, t, labels).toDoubleArray();
                // read through the eps target and back: a few ulps of values below 3
                for (int i = 0; i < expected.length; i++) {
                    assertThat(through[i]).isCloseTo(expected[i], within(1e-12));
                }
            }
        }
    }

    @Test
    void dataThatIsNotAMixtureAndBadFactorsAreRefused() {
        org.difflab.api.DataSource moons = new org.difflab.api.DataSource() {
            public Shape sampleShape() {
                return new Shape(2);
            }

            public NDArray sample(NDManager manager, int n, Rng rng) {
                return manager.zeros(new Shape(n, 2));
            }
        };
        ModelSettings setting = new ModelSettings(moons, ReferenceProcesses.VP_LIKE, ModelSettings.EPS,
                ModelSettings.IDENTITY);
        assertThat(new BroadenedExactModel(new BroadenedExactModel.Options(2)).inapplicableTo(setting)).get()
                .asString().contains("needs data that is a Gaussian mixture");
        assertThatThrownBy(() -> new BroadenedExactModel.Options(0)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("std_scale must be a finite number > 0");
    }
}
