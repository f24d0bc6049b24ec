package org.difflab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.difflab.api.math.Rng;
import org.junit.jupiter.api.Test;

class PointsTest {

    @Test
    void pointsAreRowMajorAndTheirRowsRoundTrip() {
        double[][] rows = {{1, 2, 3}, {4, 5, 6}};
        Points points = Points.of(rows);
        assertThat(points.values()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(points.count()).isEqualTo(2);
        assertThat(points.dims()).isEqualTo(3);
        assertThat(points.get(1, 0)).isEqualTo(4);
        assertThat(points.values()[points.offset(1) + 2]).isEqualTo(6);
        assertThat(points.row(0)).containsExactly(1, 2, 3);
        assertThat(points.toRows()).isDeepEqualTo(rows);
        assertThat(points.select(new int[] {1, 1, 0}).values()).containsExactly(4, 5, 6, 4, 5, 6, 1, 2, 3);
        assertThat(points.slice(1, 2).values()).containsExactly(4, 5, 6);
    }

    @Test
    void valuesThatAreNotWholePointsAreRefused() {
        assertThatThrownBy(() -> Points.of(new double[5], 2)).hasMessageContaining("5 values")
                .hasMessageContaining("2 coordinates");
        assertThatThrownBy(() -> Points.of(new double[][] {{1, 2}, {3}})).hasMessageContaining("point 1 has 1");
    }

    /** The textbook partial Fisher-Yates shuffle over a full index array: what the O(max) version must equal. */
    private static int[] denseFisherYates(int n, int max, Rng rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < max; i++) {
            int pick = i + rng.nextInt(n - i);
            int swap = order[i];
            order[i] = order[pick];
            order[pick] = swap;
        }
        return Arrays.copyOf(order, max);
    }

    @Test
    void theSubsampleIsTheFullShuffleDrawnWithoutReplacement() {
        for (int[] nm : new int[][] {{10, 9}, {10, 1}, {1000, 37}, {100_000, 5000}, {7, 6}}) {
            int n = nm[0];
            int max = nm[1];
            int[] rows = Points.subsampleRows(n, max, new Rng(n + max));
            assertThat(rows).as("n %d, max %d", n, max).containsExactly(denseFisherYates(n, max, new Rng(n + max)));
            Set<Integer> distinct = new HashSet<>();
            Arrays.stream(rows).forEach(distinct::add);
            assertThat(distinct).hasSize(max).allMatch(i -> i >= 0 && i < n);
        }
        assertThat(Points.subsampleRows(5, 5, new Rng(1))).as("all of them").isNull();
        Points small = Points.of(new double[] {1, 2, 3}, 1);
        assertThat(small.subsample(3, new Rng(1))).isSameAs(small);
    }

    @Test
    void compareIsTheRowWiseLexicographicOrder() {
        Points a = Points.of(new double[][] {{0, 5}, {1, 0}});
        Points b = Points.of(new double[][] {{0, 5}, {1, 1}});
        Points c = Points.of(new double[][] {{0, 6}});
        assertThat(Points.compare(a, b)).isNegative();
        assertThat(Points.compare(b, a)).isPositive();
        assertThat(Points.compare(a, Points.of(a.toRows()))).isZero();
        assertThat(Points.compare(c, a)).as("fewer points first").isNegative();
    }
}
