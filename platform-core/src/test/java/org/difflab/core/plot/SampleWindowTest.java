package org.difflab.core.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.difflab.api.Points;
import org.junit.jupiter.api.Test;

/**
 * A plot of samples shows the samples, not only the data (issue 9, item 9: a trained model's samples.png fixed its
 * view to the data's [-3, 3] and hid 17% of the samples without a word).
 */
class SampleWindowTest {

    /** n points of the 8-Gaussian ring of radius {@code radius} (std 0.2), as rows. */
    private static double[][] ring(int n, double radius, Random random) {
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * random.nextInt(8) / 8;
            rows[i] = new double[] {radius * Math.cos(angle) + 0.2 * random.nextGaussian(),
                radius * Math.sin(angle) + 0.2 * random.nextGaussian()};
        }
        return rows;
    }

    @Test
    void samplesBeyondTheDataWidenTheViewSoNoneIsHidden() {
        Random random = new Random(1);
        double[][] data = ring(10000, 2, random);
        double[][] samples = new double[10000][];
        double[][] near = ring(8300, 2, random);
        double[][] far = ring(1700, 3.6, random);   // 17% between radius 3 and 4.3, outside the data's [-3, 3]
        System.arraycopy(near, 0, samples, 0, near.length);
        System.arraycopy(far, 0, samples, near.length, far.length);

        double[] view = ScatterOverDensity.view(Points.of(data), Points.of(samples));
        // the extreme 0.1% at most
        assertThat(ScatterOverDensity.outside(Points.of(samples), view)).isLessThanOrEqualTo(20);
        assertThat(view[1] - view[0]).as("square").isEqualTo(view[3] - view[2]);
        // without far samples the view stays around the data: [-3, 3] give or take
        double[] own = ScatterOverDensity.view(Points.of(data), Points.of(ring(10000, 2, random)));
        assertThat(own[0]).isBetween(-3.3, -2.7);
        assertThat(own[1]).isBetween(2.7, 3.3);
    }

    @Test
    void aFewDivergedSamplesAreCountedRatherThanShrinkingTheDataToADot() {
        Random random = new Random(2);
        double[] data = new double[10000];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextGaussian();
        }
        double[] samples = data.clone();
        for (int i = 0; i < 300; i++) {
            samples[i] = 1000 + i;   // 3% far away
        }
        SampleWindow window = SampleWindow.of(data, samples);
        // the data's 99% interval [-2.58, 2.58] padded by 15% of its width is [-3.35, 3.35]; the samples widen that
        // upwards by at most twice the width (2 * 5.15), to 13.65, and downwards only by their 5% padding
        assertThat(window.hi()).isBetween(13.3, 14.0);
        assertThat(window.lo()).isBetween(-4.5, -3.3);
        long outside = java.util.Arrays.stream(samples).filter(v -> !window.contains(v)).count();
        assertThat(outside).isEqualTo(300);
        assertThat(SampleWindow.outsideNote(outside, samples.length))
                .isEqualTo("300 of 10000 samples (3%) fall outside this view; samples.npy has them all");
        assertThat(SampleWindow.outsideNote(0, samples.length)).isNull();
    }
}
