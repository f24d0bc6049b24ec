package org.difflab.core.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** 1-D samples as a density histogram, over the data's exact density or a histogram of a data draw. */
public final class HistogramOverDensity {

    private static final int BINS = 80;

    private HistogramOverDensity() {}

    public static void write(Path file, double[] samples, double[] reference, Function<double[][], double[]> logDensity,
            String title, String subtitle) throws IOException {
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        double low = sorted[(int) (0.002 * (sorted.length - 1))];
        double high = sorted[(int) (0.998 * (sorted.length - 1))];
        double pad = 0.15 * (high - low);
        low -= pad;
        high += pad;
        double width = (high - low) / BINS;
        double[] centers = new double[BINS];
        for (int i = 0; i < BINS; i++) {
            centers[i] = low + (i + 0.5) * width;
        }
        XYChart chart = new XYChartBuilder().width(820).height(500).title(title + ": " + subtitle).xAxisTitle("x")
                .yAxisTitle("density").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        chart.getStyler().setYAxisDecimalPattern("0.00");
        XYSeries sampled = chart.addSeries("samples", centers, histogram(samples, low, width));
        sampled.setMarker(SeriesMarkers.NONE);
        sampled.setLineColor(new Color(214, 96, 20));
        double[] truth;
        String label;
        if (logDensity != null) {
            double[][] points = Arrays.stream(centers).mapToObj(c -> new double[] {c}).toArray(double[][]::new);
            truth = Arrays.stream(logDensity.apply(points)).map(Math::exp).toArray();
            label = "data density (exact)";
        } else {
            truth = histogram(reference, low, width);
            label = "data (histogram)";
        }
        XYSeries data = chart.addSeries(label, centers, truth);
        data.setMarker(SeriesMarkers.NONE);
        data.setLineColor(new Color(52, 101, 164));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

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
