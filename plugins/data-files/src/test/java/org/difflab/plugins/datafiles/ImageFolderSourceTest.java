package org.difflab.plugins.datafiles;

import org.difflab.api.SpecFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.difflab.api.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {

    @TempDir
    Path dir;

    private static final int W = 3;
    private static final int H = 2;

    private Path gray(String name, int offset) throws IOException {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                image.getRaster().setSample(x, y, 0, grayValue(offset, x, y));
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static int grayValue(int offset, int x, int y) {
        return (offset + 40 * y + 90 * x) % 256;
    }

    private Path rgb(String name, int r, int g, int b) throws IOException {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private ImageFolderSource folder(Integer channels) {
        return new ImageFolderSource(new ImageFolderSource.Options(SpecFile.of(dir.toString()), channels));
    }

    private static void rejected(ThrowingCallable build, String key, String... fragments) {
        assertThatThrownBy(build).isInstanceOfSatisfying(InvalidOptionException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.getMessage()).contains(fragments);
        });
    }

    @Test
    void grayscaleImagesGiveOneChannelScaledToMinusOneToOne() throws IOException {
        gray("b.png", 10);
        gray("a.PNG", 0);
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        ImageFolderSource source = folder(null);
        assertThat(source.sampleShape()).isEqualTo(new Shape(1, H, W));
        assertThat(source.files()).extracting(p -> p.getFileName().toString()).containsExactly("a.PNG", "b.png");
        double[][] rows = new double[2][H * W];
        int[] offsets = {0, 10};   // name order: a, then b
        for (int i = 0; i < 2; i++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    // 2 v/255 - 1, computed in float like the stored values
                    rows[i][y * W + x] = (float) (2.0 * grayValue(offsets[i], x, y) / 255.0 - 1.0);
                }
            }
        }
        Draws.followTheRule(source, rows, 40, 6);
    }

    @Test
    void colourImagesGiveRgbPlanesAndGrayOnesAreRepeated() throws IOException {
        rgb("a.png", 255, 0, 51);
        gray("b.png", 0);
        ImageFolderSource source = folder(null);
        assertThat(source.sampleShape()).isEqualTo(new Shape(3, H, W));
        SampleTable t = source.table();
        int plane = H * W;
        assertThat(t.value(0)).isEqualTo(1.0);                              // red plane of a.png
        assertThat(t.value(plane)).isEqualTo(-1.0);                         // green
        assertThat(t.value(2 * plane)).isEqualTo((float) (2 * 51 / 255.0 - 1));   // blue
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < plane; k++) {
                assertThat(t.value(3 * plane + c * plane + k)).isEqualTo(t.value(3 * plane + k));
            }
        }
        rejected(() -> folder(1), "channels", "a.png has colour; channels: 1 needs grayscale images");
        assertThat(folder(3).sampleShape()).isEqualTo(new Shape(3, H, W));
    }

    @Test
    void sixteenBitGrayUsesItsFullRange() throws IOException {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(0, 0, 0, 65535);
        image.getRaster().setSample(1, 0, 0, 0);
        ImageIO.write(image, "png", dir.resolve("deep.png").toFile());
        SampleTable t = folder(null).table();
        assertThat(t.value(0)).isEqualTo(1.0);
        assertThat(t.value(1)).isEqualTo(-1.0);
    }

    @Test
    void badFoldersAndImagesAreRejectedNamingTheFile() throws IOException {
        rejected(() -> new ImageFolderSource(new ImageFolderSource.Options(SpecFile.of(dir.resolve("nope").toString()), null)),
                "path", "nope: directory not found");
        rejected(() -> folder(null), "path", "holds no .png files");
        gray("a.png", 0);
        BufferedImage big = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(big, "png", dir.resolve("big.png").toFile());
        rejected(() -> folder(null), "path", "big.png: is 4x4 (width x height); expected 3x2 like a.png");
        Files.delete(dir.resolve("big.png"));
        Files.writeString(dir.resolve("broken.png"), "not an image");
        rejected(() -> folder(null), "path", "broken.png: not a readable PNG");
        rejected(() -> new ImageFolderSource.Options(SpecFile.of(dir.toString()), 2), "channels", "1 or 3");
    }
}
