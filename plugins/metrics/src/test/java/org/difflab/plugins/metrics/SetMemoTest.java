package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.difflab.api.Points;
import org.junit.jupiter.api.Test;

class SetMemoTest {

    @Test
    void hitsOnlyForEqualContentAndEqualKeyAndKeepsTheLastTwo() {
        SetMemo<String> memo = new SetMemo<>();
        Points a = Points.of(new double[] {1, 2, 3, 4}, 2);
        memo.put(a, new double[][] {{1, 0}}, "a");
        // an equal set in another array, under an equal key (compared deeply): a hit
        assertThat(memo.get(Points.of(new double[] {1, 2, 3, 4}, 2), new double[][] {{1, 0}})).isEqualTo("a");
        // other values, other shape, other key, no key: misses
        assertThat(memo.get(Points.of(new double[] {1, 2, 3, 5}, 2), new double[][] {{1, 0}})).isNull();
        assertThat(memo.get(Points.of(new double[] {1, 2, 3, 4}, 1), new double[][] {{1, 0}})).isNull();
        assertThat(memo.get(a, new double[][] {{0, 1}})).isNull();
        assertThat(memo.get(a, null)).isNull();
        // -0.0 and 0.0 are different values (they can give different results), so different sets
        memo.put(Points.of(new double[] {0.0}, 1), null, "zero");
        assertThat(memo.get(Points.of(new double[] {-0.0}, 1), null)).isNull();
        // a third entry drops the oldest
        memo.put(Points.of(new double[] {7}, 1), null, "seven");
        assertThat(memo.get(a, new double[][] {{1, 0}})).isNull();
        assertThat(memo.get(Points.of(new double[] {0.0}, 1), null)).isEqualTo("zero");
        assertThat(memo.get(Points.of(new double[] {7}, 1), null)).isEqualTo("seven");
    }
}
