package org.difflab.plugins.datatoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.tck.junit.DataSourceContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Mixtures whose components are grouped into classes: options, labels, and the conditional exact denoiser. */
class LabelledMixturesTest {

    /** Four 1-D components, classes 0, 0, 1, 2: class 0 is bimodal. */
    private static final double[][] MEANS = {{-3.0}, {-1.0}, {1.0}, {3.0}};
    private static final double[] STDS = {0.4, 0.6, 0.5, 0.3};
    private static final double[] WEIGHTS = {1.0, 2.0, 3.0, 4.0};   // normalised: 0.1, 0.2, 0.3, 0.4
    private static final int[] CLASSES = {0, 0, 1, 2};

    private static GaussianMixtureSource labelled() {
        return new GaussianMixtureSource(new GaussianMixtureSource.Options(MEANS, STDS, WEIGHTS, CLASSES));
    }

    @Test
    void gmmWithClassesIsLabelledDataWithTheClassesWeights() {
        GaussianMixtureSource source = labelled();
        assertThat(source.classes()).isEqualTo(3);
        assertThat(source.classWeights().orElseThrow()).containsExactly(new double[] {0.3, 0.3, 0.4}, within(1e-15));
        try (NDManager manager = NDManager.newBaseManager()) {
            DataSource.Labelled drawn = source.sampleLabelled(manager, 1000, new Rng(4));
            assertThat(drawn.x0().toDoubleArray()).containsExactly(source.sample(manager, 1000, new Rng(4))
                    .toDoubleArray());
            assertThat(drawn.labels()).hasSize(1000).containsOnly(0, 1, 2);
            // Class 1 is the component at 1.0 (std 0.5) alone: its draws lie within 6 stds of it.
            double[] x = drawn.x0().toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                if (drawn.labels()[i] == 1) {
                    assertThat(x[i]).isCloseTo(1.0, within(6 * 0.5));
                }
            }
        }
    }

    @Test
    void unlabelledMixturesHaveNoClasses() {
        DataSource[] sources = {
            new GaussianMixtureSource(new GaussianMixtureSource.Options(MEANS, STDS, WEIGHTS)),
            new RingMixtureSource(new RingMixtureSource.Options(8, 2.0, 0.2)),
            new RandomMixtureSource(new RandomMixtureSource.Options(4, 3, 0L, 1.0, 0.2)),
        };
        for (DataSource source : sources) {
            assertThat(source.classes()).isZero();
            assertThat(source.classWeights()).isEmpty();
            try (NDManager manager = NDManager.newBaseManager()) {
                assertThat(source.sampleLabelled(manager, 5, new Rng(1)).labels()).isNull();
            }
        }
    }

    /**
     * The conditional exact denoiser of class c is the unconditional exact denoiser of a gmm made of class c's
     * components only (built from the options, independently of the grouping code).
     */
    @Test
    void classConditionalDenoiserIsTheDenoiserOfTheClassAlone() {
        ClosedFormData all = labelled().closedForm().orElseThrow();
        ClosedFormData[] alone = {
            new GaussianMixtureSource(new GaussianMixtureSource.Options(new double[][] {MEANS[0], MEANS[1]},
                    new double[] {STDS[0], STDS[1]}, new double[] {WEIGHTS[0], WEIGHTS[1]})).closedForm().orElseThrow(),
            new GaussianMixtureSource(new GaussianMixtureSource.Options(new double[][] {MEANS[2]},
                    new double[] {STDS[2]}, new double[0])).closedForm().orElseThrow(),
            new GaussianMixtureSource(new GaussianMixtureSource.Options(new double[][] {MEANS[3]},
                    new double[] {STDS[3]}, new double[0])).closedForm().orElseThrow(),
        };
        double[][] xt = {{-4.0}, {-2.0}, {-0.5}, {0.0}, {0.7}, {2.0}, {3.5}, {8.0}};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(xt);
            for (PathPoint p : new PathPoint[] {new PathPoint(0.5, 1.0, 0.5, 0, 1), new PathPoint(0.6, 0.8, 0.6, 0, 1),
                new PathPoint(0.95, 0.05, 0.95, -1, 1)}) {
                for (int c = 0; c < 3; c++) {
                    int[] labels = new int[xt.length];
                    java.util.Arrays.fill(labels, c);
                    double[] conditional = all.posteriorMean(x, p, Condition.labels(labels)).toDoubleArray();
                    double[] expected = alone[c].posteriorMean(x, p).toDoubleArray();
                    assertThat(conditional).as("class %d at t = %s", c, p.t()).containsExactly(expected, within(1e-12));
                }
            }
        }
    }

    @Test
    void ringAndRandomMixturesDealComponentsToClassesRoundRobin() {
        RingMixtureSource ring = new RingMixtureSource(new RingMixtureSource.Options(8, 2.0, 0.2, 3));
        assertThat(ring.mixture().componentClasses()).containsExactly(0, 1, 2, 0, 1, 2, 0, 1);
        assertThat(ring.classes()).isEqualTo(3);
        assertThat(ring.classWeights().orElseThrow()).containsExactly(new double[] {3 / 8.0, 3 / 8.0, 2 / 8.0},
                within(1e-15));
        RandomMixtureSource random = new RandomMixtureSource(new RandomMixtureSource.Options(16, 8, 3L, 1.0, 0.2, 2));
        assertThat(random.mixture().componentClasses()).containsExactly(0, 1, 0, 1, 0, 1, 0, 1);
        // The classes do not change the distribution: same means as the unlabelled mixture of the same seed.
        assertThat(random.mixture().means()).isDeepEqualTo(
                new RandomMixtureSource(new RandomMixtureSource.Options(16, 8, 3L, 1.0, 0.2)).mixture().means());
    }

    /** The platform's contract suite, labelled checks included, on each labelled mixture. */
    @Nested
    class GmmContract implements DataSourceContract {
        @Override
        public DataSource createDataSource() {
            return labelled();
        }
    }

    @Nested
    class RingContract implements DataSourceContract {
        @Override
        public DataSource createDataSource() {
            return new RingMixtureSource(new RingMixtureSource.Options(8, 2.0, 0.2, 2));
        }
    }

    @Nested
    class RandomContract implements DataSourceContract {
        @Override
        public DataSource createDataSource() {
            return new RandomMixtureSource(new RandomMixtureSource.Options(8, 6, 1L, 1.0, 0.3, 3));
        }
    }
}
