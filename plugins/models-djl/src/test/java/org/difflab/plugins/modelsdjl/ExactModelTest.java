package org.difflab.plugins.modelsdjl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.difflab.api.Parameterization;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.LoadedModel;
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
