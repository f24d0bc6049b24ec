package org.difflab.core.train;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.difflab.core.plot.LineChart;

/** The training loss as loss.csv and loss.png (per-step loss, and its moving average, on a log scale). */
final class LossCurve {

    private LossCurve() {}

    /** The rows (step, loss) of a loss.csv this class wrote. */
    static List<double[]> read(Path csv) throws IOException {
        List<double[]> rows = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            if (!line.isBlank() && !line.equals("step,loss")) {
                int comma = line.indexOf(',');
                rows.add(new double[] {Long.parseLong(line.substring(0, comma)),
                        Double.parseDouble(line.substring(comma + 1))});
            }
        }
        return rows;
    }

    static void write(Path csv, Path png, List<double[]> losses, String title) throws IOException {
        StringBuilder text = new StringBuilder("step,loss\n");
        for (double[] row : losses) {
            text.append((long) row[0]).append(',').append(row[1]).append('\n');
        }
        Files.writeString(csv, text);
        if (losses.size() < 2) {
            return;
        }
        int stride = Math.max(1, losses.size() / 4000);
        int n = (losses.size() + stride - 1) / stride;
        double[] steps = new double[n];
        double[] raw = new double[n];
        double[] smooth = new double[n];
        // trailing mean over a window of about 2% of the run: follows the curve without lagging behind it
        int window = Math.max(5, losses.size() / 50);
        double sum = 0;
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (int i = 0, j = 0; i < losses.size(); i++) {
            sum += losses.get(i)[1];
            if (i >= window) {
                sum -= losses.get(i - window)[1];
            }
            if (i % stride == 0) {
                steps[j] = losses.get(i)[0];
                raw[j] = Math.max(losses.get(i)[1], 1e-12);
                smooth[j] = Math.max(sum / Math.min(i + 1, window), 1e-12);
                low = Math.min(low, raw[j]);
                high = Math.max(high, raw[j]);
                j++;
            }
        }
        LineChart chart = new LineChart(title).axes("step", "loss").xPadding(0)
                .logarithmic(false, high / low > 20);   // log only when the loss spans decades
        chart.add(new LineChart.Series("loss per step", new Color(160, 178, 214), LineChart.Style.LINE, 1, steps, raw,
                null));
        chart.add(new LineChart.Series("mean of the last " + window + " steps", new Color(30, 70, 160),
                LineChart.Style.LINE, 2, steps, smooth, null));
        if (stride > 1) {
            chart.note("every " + stride + "th step shown; every step in loss.csv");
        }
        Files.write(png, chart.png());
    }
}
