package org.difflab.core.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * 1-D samples as a density histogram, over the data's exact density or a histogram of a data draw, on the window
 * of {@link SampleWindow}; samples beyond it are counted on the plot.
 */
public final class HistogramOverDensity {

    private static final int BINS = 80;

    private HistogramOverDensity() {}

    public static void write(Path file, double[] samples, double[] reference, Function<double[][], double[]> logDensity,
            String title, String subtitle) throws IOException {
        prepare(samples, reference, logDensity, title, subtitle).writeTo(file);
    }

    /**
     * {@link #write} in two steps: this computes the window and the data's curve (the only calls of
     * {@code logDensity}); the returned {@link PlotFile} draws and encodes.
     */
    public static PlotFile prepare(double[] samples, double[] reference, Function<double[][], double[]> logDensity,
            String title, String subtitle) {
        SampleWindow window = SampleWindow.of(reference, samples);
        double width = window.length() / BINS;
        double[] centers = new double[BINS];
        for (int i = 0; i < BINS; i++) {
            centers[i] = window.lo() + (i + 0.5) * width;
        }
        double[] truth;
        String label;
        if (logDensity != null) {
            double[][] points = Arrays.stream(centers).mapToObj(c -> new double[] {c}).toArray(double[][]::new);
            truth = Arrays.stream(logDensity.apply(points)).map(Math::exp).toArray();
            label = "data density (exact)";
        } else {
            truth = histogram(reference, window.lo(), width);
            label = "data (histogram of a fresh draw)";
        }
        double[] dataCurve = truth;
        String dataLabel = label;
        return file -> {
            LineChart chart = new LineChart(title).subtitle(subtitle).axes("x", "density").xPadding(0).yFrom(0)
                    .add(new LineChart.Series("samples (histogram, " + BINS + " bins)", new Color(214, 96, 20),
                            LineChart.Style.LINE, 2, centers, histogram(samples, window.lo(), width), null))
                    .add(new LineChart.Series(dataLabel, new Color(52, 101, 164), LineChart.Style.LINE, 2, centers,
                            dataCurve, null));
            long outside = Arrays.stream(samples).filter(v -> !window.contains(v)).count();
            String note = SampleWindow.outsideNote(outside, samples.length);
            if (note != null) {
                chart.note("!" + note);
            }
            Files.write(file, chart.png());
        };
    }

    /** Counts per bin as a density: count / (n * width), so the area over the window is the fraction inside it. */
    private static double[] histogram(double[] values, double low, double width) {
        double[] counts = new double[BINS];
        for (double v : values) {
            int bin = (int) Math.floor((v - low) / width);
            if (bin >= 0 && bin < BINS) {
                counts[bin]++;
            }
        }
        return Arrays.stream(counts).map(c -> c / (values.length * width)).toArray();
    }
}
