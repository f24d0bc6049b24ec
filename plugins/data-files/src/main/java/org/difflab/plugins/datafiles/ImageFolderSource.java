package org.difflab.plugins.datafiles;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.difflab.api.Component;
import org.difflab.api.DataSource;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.SpecFile;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * A folder of PNG images (the files ending in .png, any case, directly in the folder, in name order), all of
 * the same size. Grayscale images give sample shape [1, H, W]; if any image has colour, every image is read as
 * RGB, [3, H, W] (grayscale ones repeated over the three channels); {@code channels} forces 1 or 3. Alpha is
 * ignored (not composited). Each channel is scaled from [0, max] to [-1, 1] (max = 255 for 8-bit, 65535 for
 * 16-bit grayscale).
 *
 * <p>Every image is read and checked when the component is built; relative paths are resolved against the
 * working directory. {@link #sample} draws images uniformly with replacement: draw k is image
 * {@code rng.nextInt(n)} in name order, in float64.
 */
@Extension
@Component(id = "image-folder", summary = "a folder of same-size PNG images, scaled to [-1, 1], shape [C, H, W]")
public final class ImageFolderSource implements DataSource {

    /** Options of {@link ImageFolderSource}. */
    public record Options(
            @Param(doc = "the folder of .png files " + DataFiles.RELATIVE_PATHS) SpecFile path,
            @Param(doc = "1 (grayscale) or 3 (RGB); default: 1 if every image is grayscale, else 3", min = 1, max = 3)
            Integer channels) {
        public Options {
            if (channels != null && channels != 1 && channels != 3) {
                throw new InvalidOptionException("channels", "channels must be 1 or 3, got " + channels);
            }
        }
    }

    private final SampleTable table;
    private final List<Path> files;

    /**
     * Reads and checks every image.
     *
     * @throws InvalidOptionException naming the folder or image and what was expected ({@code path}), or an
     *     image whose colour does not fit {@code channels}
     */
    public ImageFolderSource(Options options) {
        Path dir = DataFiles.existingDirectory(options.path());
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> Files.isRegularFile(p)
                    && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw DataFiles.invalid(dir, "cannot list the folder: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw DataFiles.invalid(dir, "holds no .png files (looked in " + dir + ")");
        }
        BufferedImage[] images = new BufferedImage[files.size()];
        boolean anyColour = false;
        for (int i = 0; i < images.length; i++) {
            images[i] = read(files.get(i));
            if (images[i].getWidth() != images[0].getWidth() || images[i].getHeight() != images[0].getHeight()) {
                throw DataFiles.invalid(files.get(i), "is " + images[i].getWidth() + "x" + images[i].getHeight()
                        + " (width x height); expected " + images[0].getWidth() + "x" + images[0].getHeight() + " like "
                        + files.get(0).getFileName() + ": every image in the folder must have the same size");
            }
            anyColour |= !grayscale(images[i]);
        }
        int channels = options.channels() != null ? options.channels() : anyColour ? 3 : 1;
        int height = images[0].getHeight();
        int width = images[0].getWidth();
        int plane = height * width;
        float[] values = new float[Math.multiplyExact(images.length, channels * plane)];
        for (int i = 0; i < images.length; i++) {
            BufferedImage image = images[i];
            int base = i * channels * plane;
            if (grayscale(image)) {
                Raster raster = image.getRaster();
                double max = (1L << image.getColorModel().getComponentSize(0)) - 1;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float v = (float) (2.0 * raster.getSample(x, y, 0) / max - 1.0);
                        for (int c = 0; c < channels; c++) {
                            values[base + c * plane + y * width + x] = v;
                        }
                    }
                }
            } else {
                if (channels == 1) {
                    throw new InvalidOptionException("channels", files.get(i).getFileName() + " has colour; channels: 1"
                            + " needs grayscale images (use channels: 3, or leave channels out)");
                }
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int rgb = image.getRGB(x, y);   // 8-bit sRGB for any colour model
                        values[base + y * width + x] = (float) (2.0 * ((rgb >> 16) & 0xff) / 255.0 - 1.0);
                        values[base + plane + y * width + x] = (float) (2.0 * ((rgb >> 8) & 0xff) / 255.0 - 1.0);
                        values[base + 2 * plane + y * width + x] = (float) (2.0 * (rgb & 0xff) / 255.0 - 1.0);
                    }
                }
            }
        }
        table = SampleTable.ofFloats(new Shape(channels, height, width), values, 1.0, 0.0);
    }

    private static BufferedImage read(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw DataFiles.invalid(file, "not a readable PNG image: " + e.getMessage());
        }
        if (image == null) {
            throw DataFiles.invalid(file, "not a readable PNG image (no image reader accepts it)");
        }
        return image;
    }

    /** One colour component in a gray colour space (8- or 16-bit gray, with or without alpha). */
    private static boolean grayscale(BufferedImage image) {
        return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getColorModel().getNumColorComponents() == 1;
    }

    /** Number of images. */
    public int size() {
        return table.count();
    }

    /** The image files, in the order their index refers to. */
    public List<Path> files() {
        return files;
    }

    /** The loaded values (for tests). */
    SampleTable table() {
        return table;
    }

    @Override
    public Shape sampleShape() {
        return table.sampleShape();
    }

    @Override
    public NDArray sample(NDManager manager, int n, Rng rng) {
        return table.draw(manager, n, rng);
    }
}
