package org.difflab.core.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Generated images ([C, H, W] samples, values in [-1, 1]) tiled in a grid, upscaled without smoothing. */
public final class ImageGrid {

    private ImageGrid() {}

    /**
     * @param values samples, flattened row-major [count, C, H, W]
     * @param shape the sample shape {C, H, W} (C = 1 gray, 3 RGB)
     */
    public static void write(Path file, double[] values, long[] shape, int count, String title, String subtitle)
            throws IOException {
        int channels = (int) shape[0];
        int height = (int) shape[1];
        int width = (int) shape[2];
        int shown = Math.min(count, 64);
        int columns = (int) Math.ceil(Math.sqrt(shown));
        int rows = (shown + columns - 1) / columns;
        int scale = Math.max(1, 96 / Math.max(height, width));
        int gap = 4;
        int top = 56;
        int cell = Math.max(height, width) * scale;
        BufferedImage image = new BufferedImage(Math.max(columns * (cell + gap) + gap, 420),
                top + rows * (cell + gap) + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(new Color(40, 40, 48));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, gap, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(subtitle, gap, 42);
        int size = channels * height * width;
        for (int n = 0; n < shown; n++) {
            int x0 = gap + (n % columns) * (cell + gap);
            int y0 = top + (n / columns) * (cell + gap);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int r = level(values[n * size + y * width + x]);
                    int gr = channels == 3 ? level(values[n * size + height * width + y * width + x]) : r;
                    int b = channels == 3 ? level(values[n * size + 2 * height * width + y * width + x]) : r;
                    g.setColor(new Color(r, gr, b));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** [-1, 1] to [0, 255], clipped. */
    private static int level(double v) {
        return (int) Math.round(Math.max(0, Math.min(255, (v + 1) * 127.5)));
    }
}
