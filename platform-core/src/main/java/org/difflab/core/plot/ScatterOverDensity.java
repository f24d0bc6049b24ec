package org.difflab.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.difflab.api.Points;

/**
 * A square scatter plot of 2-D samples over a shaded background: the data's density where it is known in
 * closed form, otherwise a histogram of a data draw. Axes share one scale so shapes are not distorted; the view
 * takes in the samples (see {@link SampleWindow}) and says how many it cannot show.
 */
public final class ScatterOverDensity {

    private static final int PLOT = 640;
    private static final int LEFT = 70;
    private static final int TOP = 64;
    private static final int RIGHT = 24;
    private static final int BOTTOM = 72;
    private static final int GRID = 240;
    private static final Color DOT = new Color(214, 96, 20, 110);
    private static final Color INK = new Color(40, 40, 48);

    private ScatterOverDensity() {}

    /**
     * Draws the plot.
     *
     * @param samples points drawn as dots (the first two coordinates; more are ignored)
     * @param reference a data draw: the view's core and, without a density, the background
     * @param logDensity log density of the data at rows of [m][2], or null (the reference's first two coordinates)
     * @param title first line of the title
     * @param subtitle second line (solver, grid, NFE ...)
     */
    public static void write(Path file, Points samples, Points reference,
            Function<double[][], double[]> logDensity, String title, String subtitle) throws IOException {
        prepare(samples, reference, logDensity, title, subtitle).writeTo(file);
    }

    /**
     * {@link #write} in two steps: this computes the view and the background (the only calls of {@code logDensity});
     * the returned {@link PlotFile} draws and encodes.
     */
    public static PlotFile prepare(Points samples, Points reference, Function<double[][], double[]> logDensity,
            String title, String subtitle) {
        double[] bounds = view(reference, samples);
        double[] shade = logDensity != null ? densityGrid(bounds, logDensity) : histogramGrid(bounds, reference);
        boolean density = logDensity != null;
        return file -> render(file, samples, bounds, shade, density, title, subtitle);
    }

    private static void render(Path file, Points samples, double[] bounds, double[] shade, boolean density,
            String title, String subtitle) throws IOException {
        BufferedImage image = new BufferedImage(LEFT + PLOT + RIGHT, TOP + PLOT + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());

        paintBackground(g, shade);

        int stride = Math.max(1, samples.count() / 20000);
        for (int i = 0; i < samples.count(); i += stride) {
            double px = LEFT + (samples.get(i, 0) - bounds[0]) / (bounds[1] - bounds[0]) * PLOT;
            double py = TOP + PLOT - (samples.get(i, 1) - bounds[2]) / (bounds[3] - bounds[2]) * PLOT;
            if (px >= LEFT && px <= LEFT + PLOT && py >= TOP && py <= TOP + PLOT) {
                g.setColor(DOT);
                g.fill(new Ellipse2D.Double(px - 1.6, py - 1.6, 3.2, 3.2));
            }
        }
        axes(g, bounds);
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString(title, LEFT, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(subtitle, LEFT, 46);
        legend(g, density);
        String note = SampleWindow.outsideNote(outside(samples, bounds), samples.count());
        if (note != null) {
            g.setColor(new Color(170, 40, 30));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(note, LEFT, TOP + PLOT + BOTTOM - 6);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /**
     * A square view: each coordinate's {@link SampleWindow} (the data, widened to the samples within bounds), the
     * shorter stretched to the longer so both axes share one scale.
     */
    static double[] view(Points reference, Points samples) {
        SampleWindow x = SampleWindow.of(column(reference, 0), column(samples, 0));
        SampleWindow y = SampleWindow.of(column(reference, 1), column(samples, 1));
        double side = Math.max(x.length(), y.length());
        x = x.widenedTo(side);
        y = y.widenedTo(side);
        return new double[] {x.lo(), x.hi(), y.lo(), y.hi()};
    }

    /** How many samples lie outside the view. */
    static long outside(Points samples, double[] b) {
        long outside = 0;
        for (int i = 0; i < samples.count(); i++) {
            double x = samples.get(i, 0);
            double y = samples.get(i, 1);
            if (!(x >= b[0] && x <= b[1] && y >= b[2] && y <= b[3])) {
                outside++;
            }
        }
        return outside;
    }

    private static double[] column(Points points, int j) {
        double[] out = new double[points.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = points.get(i, j);
        }
        return out;
    }

    private static double[] densityGrid(double[] b, Function<double[][], double[]> logDensity) {
        double[][] points = new double[GRID * GRID][];
        for (int j = 0; j < GRID; j++) {
            for (int i = 0; i < GRID; i++) {
                points[j * GRID + i] = new double[] {b[0] + (i + 0.5) / GRID * (b[1] - b[0]),
                        b[3] - (j + 0.5) / GRID * (b[3] - b[2])};
            }
        }
        double[] log = logDensity.apply(points);
        double max = Arrays.stream(log).max().orElse(0);
        return Arrays.stream(log).map(v -> Math.exp(v - max)).toArray();
    }

    private static double[] histogramGrid(double[] b, Points reference) {
        double[] counts = new double[GRID * GRID];
        for (int r = 0; r < reference.count(); r++) {
            int i = (int) ((reference.get(r, 0) - b[0]) / (b[1] - b[0]) * GRID);
            int j = (int) ((b[3] - reference.get(r, 1)) / (b[3] - b[2]) * GRID);
            if (i >= 0 && i < GRID && j >= 0 && j < GRID) {
                counts[j * GRID + i]++;
            }
        }
        double max = Arrays.stream(counts).max().orElse(1);
        return Arrays.stream(counts).map(c -> c / Math.max(max, 1)).toArray();
    }

    private static void paintBackground(Graphics2D g, double[] shade) {
        int cell = PLOT / GRID;
        double scale = (double) PLOT / GRID;
        for (int j = 0; j < GRID; j++) {
            for (int i = 0; i < GRID; i++) {
                double v = Math.sqrt(shade[j * GRID + i]);   // square root: faint tails stay visible
                g.setColor(new Color(mix(255, 52, v), mix(255, 101, v), mix(255, 164, v)));
                g.fillRect(LEFT + (int) Math.floor(i * scale), TOP + (int) Math.floor(j * scale),
                        Math.max(cell, (int) Math.ceil(scale)) + 1, Math.max(cell, (int) Math.ceil(scale)) + 1);
            }
        }
    }

    private static int mix(int from, int to, double v) {
        return (int) Math.round(from + (to - from) * Math.min(1, Math.max(0, v)) * 0.75);
    }

    private static void axes(Graphics2D g, double[] b) {
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(LEFT, TOP, PLOT, PLOT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        double step = Ticks.niceAtLeast((b[1] - b[0]) / 7);
        for (double v = Math.ceil(b[0] / step) * step; v <= b[1]; v += step) {
            int px = LEFT + (int) Math.round((v - b[0]) / (b[1] - b[0]) * PLOT);
            g.drawLine(px, TOP + PLOT, px, TOP + PLOT + 5);
            String label = Ticks.format(Math.abs(v) < step * 1e-6 ? 0 : v, step);
            g.drawString(label, px - metrics.stringWidth(label) / 2, TOP + PLOT + 20);
        }
        for (double v = Math.ceil(b[2] / step) * step; v <= b[3]; v += step) {
            int py = TOP + PLOT - (int) Math.round((v - b[2]) / (b[3] - b[2]) * PLOT);
            g.drawLine(LEFT - 5, py, LEFT, py);
            String label = Ticks.format(Math.abs(v) < step * 1e-6 ? 0 : v, step);
            g.drawString(label, LEFT - 9 - metrics.stringWidth(label), py + 4);
        }
        g.drawString("x1", LEFT + PLOT / 2 - 6, TOP + PLOT + 42);
        g.drawString("x2", LEFT - 52, TOP + PLOT / 2);
    }

    private static void legend(Graphics2D g, boolean density) {
        int x = LEFT + PLOT - 190;
        int y = TOP + 14;
        g.setColor(new Color(255, 255, 255, 215));
        g.fillRect(x - 8, y - 12, 186, 44);
        g.setColor(new Color(214, 96, 20));
        g.fill(new Ellipse2D.Double(x, y - 5, 7, 7));
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("samples", x + 16, y + 2);
        g.setColor(new Color(mix(255, 52, 1), mix(255, 101, 1), mix(255, 164, 1)));
        g.fillRect(x, y + 12, 8, 8);
        g.setColor(INK);
        g.drawString(density ? "data density (exact)" : "data (histogram)", x + 16, y + 21);
    }

}
