package org.difflab.core.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Generated images ([C, H, W] samples) tiled in a grid, upscaled without smoothing. Gray (or colour) levels span
 * the data's range (black at its minimum, white at its maximum, as read from a data draw), so data scaled to
 * [0, 1] or [-1, 1] alike show as they should; the fraction of sample pixels clearly beyond that range (clipped
 * to black or white) is printed. The tiles sit on a blue-gray frame so white or black image borders stay visible.
 */
public final class ImageGrid {

    private static final int SHOWN = 64;

    private ImageGrid() {}

    /**
     * @param values samples, flattened row-major [count, C, H, W]
     * @param shape the sample shape {C, H, W} (C = 1 gray, 3 RGB)
     * @param reference values of a data draw (any layout): their minimum and maximum set the level range
     */
    public static void write(Path file, double[] values, long[] shape, int count, double[] reference, String title,
            String subtitle) throws IOException {
        int channels = (int) shape[0];
        int height = (int) shape[1];
        int width = (int) shape[2];
        int shown = Math.min(count, SHOWN);
        double lo = Arrays.stream(reference).filter(Double::isFinite).min().orElse(-1);
        double hi = Arrays.stream(reference).filter(Double::isFinite).max().orElse(1);
        if (!(hi > lo)) {
            lo -= 1;
            hi += 1;
        }
        double low = lo;
        double range = hi - lo;
        // a slight overshoot (a sampler's last step rarely lands exactly on the data's bounds) is not worth a word
        double tolerance = 0.05 * range;
        long beyond = Arrays.stream(values).filter(v -> !(v >= low - tolerance && v <= low + range + tolerance))
                .count();
        String levels = String.format(Locale.ROOT, "levels: black = %s, white = %s (the data's range)",
                Ticks.significant(lo, 3), Ticks.significant(hi, 3));
        String clipped = beyond == 0 ? null : Ticks.significant(100.0 * beyond / values.length, 2)
                + "% of sample pixels lie beyond it by more than 5% of it (shown clipped)";
        int columns = (int) Math.ceil(Math.sqrt(shown));
        int rows = (shown + columns - 1) / columns;
        int scale = Math.max(1, 96 / Math.max(height, width));
        int gap = 4;
        int top = 74;
        int cell = Math.max(height, width) * scale;
        BufferedImage image = new BufferedImage(Math.max(columns * (cell + gap) + gap, 520),
                top + rows * (cell + gap) + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        // a frame darker than white and lighter than black, so white or black image borders stay visible
        g.setColor(new Color(150, 160, 178));
        g.fillRect(0, top - gap, columns * (cell + gap) + gap, rows * (cell + gap) + gap);
        g.setColor(new Color(40, 40, 48));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, gap, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(subtitle + (count > shown ? "; the first " + shown + " shown" : ""), gap, 42);
        g.drawString(levels + (clipped == null ? "" : ";"), gap, 60);
        if (clipped != null) {
            g.setColor(new Color(170, 40, 30));
            g.drawString(clipped, gap + g.getFontMetrics().stringWidth(levels + "; "), 60);
        }
        int size = channels * height * width;
        for (int n = 0; n < shown; n++) {
            int x0 = gap + (n % columns) * (cell + gap);
            int y0 = top + (n / columns) * (cell + gap);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int r = level(values[n * size + y * width + x], low, range);
                    int gr = channels == 3 ? level(values[n * size + height * width + y * width + x], low, range) : r;
                    int b = channels == 3 ? level(values[n * size + 2 * height * width + y * width + x], low, range)
                            : r;
                    g.setColor(new Color(r, gr, b));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** [low, low + range] to [0, 255], clipped. */
    private static int level(double v, double low, double range) {
        return (int) Math.round(Math.max(0, Math.min(255, (v - low) / range * 255)));
    }
}
