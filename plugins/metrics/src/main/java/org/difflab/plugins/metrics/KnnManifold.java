package org.difflab.plugins.metrics;

/**
 * The k-nearest-neighbour estimate of a set's support (Kynkaanniemi et al. 2019, "Improved Precision and Recall
 * Metric for Assessing Generative Models", eq. 1-2): the union of balls around each point phi of the set with radius
 * the distance from phi to its k-th nearest neighbour in the set (itself not counted). The share of another set's
 * points inside this support is precision (support of the data, points of the samples) or recall (the reverse).
 */
final class KnnManifold {

    private final double[][] points;
    private final double[] squaredRadii;

    /** The support estimated from {@code points} with the k-th neighbour's distance as radius. */
    KnnManifold(double[][] points, int k) {
        if (points.length <= k) {
            throw new IllegalArgumentException("a k-NN support with k = " + k + " needs more than " + k + " points,"
                    + " got " + points.length);
        }
        this.points = points;
        this.squaredRadii = new double[points.length];
        double[] nearest = new double[k + 1];   // the k + 1 smallest squared distances, itself (0) included
        for (int i = 0; i < points.length; i++) {
            java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
            for (double[] other : points) {
                double d = squaredDistance(points[i], other);
                if (d < nearest[k]) {
                    int j = k;
                    while (j > 0 && nearest[j - 1] > d) {
                        nearest[j] = nearest[j - 1];
                        j--;
                    }
                    nearest[j] = d;
                }
            }
            squaredRadii[i] = nearest[k];
        }
    }

    /** The share of {@code queries} inside the support: within some point's radius (boundary included). */
    double coverage(double[][] queries) {
        int inside = 0;
        for (double[] q : queries) {
            for (int i = 0; i < points.length; i++) {
                if (squaredDistance(q, points[i]) <= squaredRadii[i]) {
                    inside++;
                    break;
                }
            }
        }
        return (double) inside / queries.length;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            double diff = a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }
}
