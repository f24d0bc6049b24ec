package org.difflab.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What the line and bar charts share: fonts, colours, the title block, the legend (in a column on the right when
 * there are many short names, else in rows below), footnotes, and PNG encoding.
 */
final class ChartPage {

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Color INK = new Color(40, 40, 48);
    static final Color MUTED = new Color(110, 110, 120);
    static final Color GRID = new Color(228, 228, 236);
    static final Color WARNING = new Color(170, 40, 30);
    /** Matplotlib's tab10 colours. */
    static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};
    static final int MARGIN = 14;
    private static final int LEGEND_ROW = 18;
    private static final int SWATCH = 26;

    /** How a legend entry is drawn. */
    enum Swatch { LINE_AND_MARKER, LINE, DASHED, BOX }

    /** A legend entry. */
    record Entry(String name, Color color, Swatch swatch, float width) {}

    private final BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    private final Graphics2D measure = scratch.createGraphics();

    /** The colour of series {@code i}. */
    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    double width(String text, Font font) {
        return measure.getFontMetrics(font).stringWidth(text);
    }

    /** Lines of the title block: the title, then subtitles. */
    int titleHeight(List<String> subtitles) {
        return 30 + 17 * subtitles.size();
    }

    void title(Graphics2D g, String title, List<String> subtitles, int x) {
        g.setColor(INK);
        g.setFont(TITLE);
        g.drawString(title, x, 22);
        g.setFont(TEXT);
        g.setColor(MUTED);
        for (int i = 0; i < subtitles.size(); i++) {
            g.drawString(subtitles.get(i), x, 40 + 17 * i);
        }
    }

    /** A column on the right for more than five names of at most 28 characters; else rows below. */
    static boolean legendRight(List<Entry> entries) {
        return entries.size() > 5 && entries.stream().mapToInt(e -> e.name().length()).max().orElse(0) <= 28;
    }

    int legendWidth(List<Entry> entries) {
        return (int) entries.stream().mapToDouble(e -> width(e.name(), TEXT)).max().orElse(0) + SWATCH + 22;
    }

    /** Rows of entries laid out left to right within {@code width}. */
    List<List<Entry>> legendRows(List<Entry> entries, int width) {
        List<List<Entry>> rows = new ArrayList<>();
        List<Entry> row = new ArrayList<>();
        double used = 0;
        for (Entry entry : entries) {
            double w = width(entry.name(), TEXT) + SWATCH + 26;
            if (!row.isEmpty() && used + w > width) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(entry);
            used += w;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    int legendBelowHeight(List<Entry> entries, int width) {
        return entries.isEmpty() ? 0 : legendRows(entries, width).size() * LEGEND_ROW + 8;
    }

    void legendBelow(Graphics2D g, List<Entry> entries, int x, int y, int width) {
        int row = 0;
        for (List<Entry> line : legendRows(entries, width)) {
            double at = x;
            for (Entry entry : line) {
                entry(g, entry, (int) at, y + row * LEGEND_ROW);
                at += width(entry.name(), TEXT) + SWATCH + 26;
            }
            row++;
        }
    }

    void legendRight(Graphics2D g, List<Entry> entries, int x, int y) {
        for (int i = 0; i < entries.size(); i++) {
            entry(g, entries.get(i), x, y + i * LEGEND_ROW);
        }
    }

    private void entry(Graphics2D g, Entry entry, int x, int y) {
        int mid = y + 9;
        g.setColor(entry.color());
        switch (entry.swatch()) {
            case BOX -> g.fillRect(x + 6, mid - 6, 13, 12);
            case DASHED -> {
                g.setStroke(dashed(entry.width()));
                g.draw(new Line2D.Double(x, mid, x + SWATCH - 2, mid));
            }
            default -> {
                g.setStroke(new BasicStroke(entry.width()));
                g.draw(new Line2D.Double(x, mid, x + SWATCH - 2, mid));
                if (entry.swatch() == Swatch.LINE_AND_MARKER) {
                    g.fill(new Ellipse2D.Double(x + SWATCH / 2.0 - 4, mid - 4, 8, 8));
                }
            }
        }
        g.setStroke(new BasicStroke(1));
        g.setColor(INK);
        g.setFont(TEXT);
        g.drawString(entry.name(), x + SWATCH + 6, mid + 4);
    }

    static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);
    }

    int notesHeight(List<String> notes) {
        return notes.isEmpty() ? 0 : notes.size() * 15 + 6;
    }

    void notes(Graphics2D g, List<String> notes, int x, int y) {
        g.setFont(NOTE);
        for (int i = 0; i < notes.size(); i++) {
            String note = notes.get(i);
            g.setColor(note.startsWith("!") ? WARNING : MUTED);
            g.drawString(note.startsWith("!") ? note.substring(1) : note, x, y + 12 + 15 * i);
        }
    }

    /** A white page. */
    static BufferedImage page(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** A pen on {@code image} with antialiasing on. */
    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    /** Text centred at x. */
    static void centered(Graphics2D g, String text, double x, double baseline) {
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, (float) (x - metrics.stringWidth(text) / 2.0), (float) baseline);
    }

    /** Text rotated a quarter turn counter-clockwise, centred at (x, y) along its length. */
    static void vertical(Graphics2D g, String text, double x, double y) {
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2, x, y);
        centered(rotated, text, x, y);
        rotated.dispose();
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
