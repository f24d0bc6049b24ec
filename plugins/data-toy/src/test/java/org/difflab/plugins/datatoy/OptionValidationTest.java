package org.difflab.plugins.datatoy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.difflab.api.InvalidOptionException;
import org.junit.jupiter.api.Test;

/** Inconsistent options fail with the key at fault and a message saying what is accepted. */
class OptionValidationTest {

    private static final double[][] TWO_MEANS = {{-2.0}, {2.0}};

    @Test
    void gmmRejectsInconsistentComponents() {
        expect(() -> new GaussianMixtureSource.Options(new double[][] {{0.0}, {1.0, 2.0}}, new double[] {1, 1},
                new double[0]), "means", "same non-zero dimension");
        expect(() -> new GaussianMixtureSource.Options(new double[0][], new double[0], new double[0]), "means",
                "at least one");
        expect(() -> new GaussianMixtureSource.Options(TWO_MEANS, new double[] {0.5}, new double[0]), "stds",
                "one std per mean");
        expect(() -> new GaussianMixtureSource.Options(TWO_MEANS, new double[] {0.5, -0.5}, new double[0]), "stds",
                "> 0");
        expect(() -> new GaussianMixtureSource.Options(TWO_MEANS, new double[] {0.5, 0.5}, new double[] {1.0, 0.0}),
                "weights", "> 0");
        expect(() -> new GaussianMixtureSource.Options(TWO_MEANS, new double[] {0.5, 0.5}, new double[] {1.0}),
                "weights", "one weight per mean");
    }

    @Test
    void gmmRejectsClassesThatDoNotNumberTheComponents() {
        double[] stds = {0.5, 0.5};
        expect(() -> new GaussianMixtureSource.Options(TWO_MEANS, stds, new double[0], new int[] {0}), "classes",
                "one class per mean (2), or [] for unlabelled data; got 1");
        expect(() -> new GaussianMixtureSource.Options(TWO_MEANS, stds, new double[0], new int[] {0, -1}), "classes",
                "classes[1] = -1; classes are integers >= 0");
        expect(() -> new GaussianMixtureSource.Options(TWO_MEANS, stds, new double[0], new int[] {1, 1}), "classes",
                "no component has class 0 in [1, 1]; number the classes 0..1");
    }

    @Test
    void generatedMixturesRejectMoreClassesThanComponents() {
        expect(() -> new RingMixtureSource.Options(8, 2.0, 0.2, 9), "classes",
                "up to components (8), each class getting components round-robin; got 9");
        expect(() -> new RandomMixtureSource.Options(2, 4, 0L, 1.0, 0.2, -1), "classes", "0 (unlabelled)");
    }

    @Test
    void mixturesRejectOutOfRangeSizes() {
        expect(() -> new RingMixtureSource.Options(0, 2.0, 0.2), "components", "at least 1");
        expect(() -> new RingMixtureSource.Options(8, 2.0, 0.0), "std", "> 0");
        expect(() -> new RandomMixtureSource.Options(0, 8, 0L, 1.0, 0.2), "dims", "at least 1");
        expect(() -> new RandomMixtureSource.Options(2, 8, 0L, -1.0, 0.2), "spread", "> 0");
    }

    @Test
    void toySetsRejectNegativeNoiseAndScale() {
        expect(() -> new MoonsSource.Options(-0.1, 1.0), "noise", ">= 0");
        expect(() -> new MoonsSource.Options(0.1, 0.0), "scale", "> 0");
        expect(() -> new CheckerboardSource.Options(1, 2.0), "squares", "at least 2");
        expect(() -> new SwissRollSource.Options(Double.NaN, 0.2), "noise", ">= 0");
        expect(() -> new ConcentricRingsSource.Options(0, 2.0, 0.05), "rings", "at least 1");
        expect(() -> new ConcentricRingsSource.Options(4, -2.0, 0.05), "radius", "> 0");
    }

    private static void expect(ThrowingCallable construction, String key, String accepted) {
        assertThatThrownBy(construction)
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining(accepted);
    }
}
