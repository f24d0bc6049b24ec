package org.difflab.plugins.datafiles;

import ai.djl.ndarray.types.Shape;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.SpecFile;
import org.pf4j.Extension;

/**
 * A folder of PNG images (the files ending in .png, any case, directly in the folder, in name order), all of
 * the same size. Grayscale images give sample shape [1, H, W]; if any image has colour, every image is read as
 * RGB, [3, H, W] (grayscale ones repeated over the three channels); {@code channels} forces 1 or 3. Alpha is
 * ignored (not composited). Each channel is scaled from [0, max] to [-1, 1] (max = 255 for 8-bit, 65535 for
 * 16-bit grayscale).
 *
 * <p>With {@code labels: subfolders} the images are labelled by folder, as in torchvision's ImageFolder: each
 * sub-folder of the folder is a class (hidden ones, starting with ".", are ignored), the classes numbered 0..C-1 in
 * the sorted order of the sub-folder names, and the .png files directly in a sub-folder are that class's images.
 * The images are then ordered class by class, each class's in name order.
 *
 * <p>Every image is read and checked when the component is built; relative paths are resolved against the
 * working directory. {@link #sample} draws images uniformly with replacement: draw k is image
 * {@code rng.nextInt(n)} in that order, in float64.
 */
@Extension
@Component(id = "image-folder", summary = "a folder of same-size PNG images, scaled to [-1, 1], shape [C, H, W];"
        + " optionally labelled by sub-folder")
public final class ImageFolderSource extends TableSource {

    /** Where the images' class labels come from. */
    public enum Labels {
        /** Unlabelled: the .png files directly in the folder. */
        NONE,
        /** Each sub-folder is a class (sorted names numbered 0..C-1); its .png files are that class's images. */
        SUBFOLDERS
    }

    /** Options of {@link ImageFolderSource}. */
    public record Options(
            @Param(doc = "the folder of .png files " + DataFiles.RELATIVE_PATHS) SpecFile path,
            @Param(doc = "1 (grayscale) or 3 (RGB); default: 1 if every image is grayscale, else 3", min = 1, max = 3)
            Integer channels,
            @Param(doc = "none, or subfolders: each sub-folder of path is a class and holds that class's .png"
                    + " files; classes are numbered 0..C-1 in the sorted order of the sub-folder names",
                    defaultValue = "none") Labels labels) {
        public Options {
            if (channels != null && channels != 1 && channels != 3) {
                throw new InvalidOptionException("channels", "channels must be 1 or 3, got " + channels);
            }
            if (labels == null) {
                labels = Labels.NONE;
            }
        }

        /** Unlabelled images directly in the folder. */
        public Options(SpecFile path, Integer channels) {
            this(path, channels, Labels.NONE);
        }
    }

    private final SampleTable table;
    private final List<Path> files;
    private final List<String> classNames;

    /**
     * Reads and checks every image.
     *
     * @throws InvalidOptionException naming the folder or image and what was expected ({@code path}), or an
     *     image whose colour does not fit {@code channels}
     */
    public ImageFolderSource(Options options) {
        Path dir = DataFiles.existingDirectory(options.path());
        Listing listing = options.labels() == Labels.SUBFOLDERS ? bySubfolder(dir) : unlabelled(dir);
        files = listing.files();
        classNames = listing.classNames();
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
        SampleTable pixels = SampleTable.ofFloats(new Shape(channels, height, width), values, 1.0, 0.0);
        table = listing.labels() == null ? pixels : pixels.withLabels(RowLabels.of(Arrays.stream(listing.labels())
                .asLongStream().toArray(), files.size(), dir.getFileName().toString(), "labels"));
    }

    /** The images to read, their labels (null: unlabelled) and the class names. */
    private record Listing(List<Path> files, int[] labels, List<String> classNames) {}

    /** The .png files directly in {@code dir}. */
    private static Listing unlabelled(Path dir) {
        List<Path> files = pngs(dir);
        if (files.isEmpty()) {
            boolean hasFolders = !classFolders(dir).isEmpty();
            throw DataFiles.invalid(dir, "holds no .png files (looked in " + dir + ")" + (hasFolders
                    ? "; for one sub-folder per class give labels: subfolders" : ""));
        }
        return new Listing(files, null, List.of());
    }

    /** The .png files of each sub-folder of {@code dir}, class by class, labelled by sub-folder. */
    private static Listing bySubfolder(Path dir) {
        List<Path> classFolders = classFolders(dir);
        if (classFolders.isEmpty()) {
            throw DataFiles.invalid(dir, "has no sub-folders; labels: subfolders needs one sub-folder of .png"
                    + " files per class (looked in " + dir + ")");
        }
        List<Path> loose = pngs(dir);
        if (!loose.isEmpty()) {
            throw DataFiles.invalid(loose.get(0), "lies directly in " + dir.getFileName() + "; with labels:"
                    + " subfolders every image must be in a class sub-folder (" + classFolders.size() + " found)");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classFolders.size(); c++) {
            List<Path> classFiles = pngs(classFolders.get(c));
            if (classFiles.isEmpty()) {
                throw DataFiles.invalid(classFolders.get(c), "holds no .png files; with labels: subfolders every"
                        + " sub-folder is a class and needs images");
            }
            files.addAll(classFiles);
            for (int i = 0; i < classFiles.size(); i++) {
                labels.add(c);
            }
        }
        return new Listing(List.copyOf(files), labels.stream().mapToInt(Integer::intValue).toArray(),
                classFolders.stream().map(p -> p.getFileName().toString()).toList());
    }

    /** The .png files directly in {@code dir}, in name order. */
    private static List<Path> pngs(Path dir) {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> Files.isRegularFile(p)
                    && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw DataFiles.invalid(dir, "cannot list the folder: " + e.getMessage());
        }
    }

    /** The sub-folders of {@code dir} that are not hidden, in name order: the classes of labels: subfolders. */
    private static List<Path> classFolders(Path dir) {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw DataFiles.invalid(dir, "cannot list the folder: " + e.getMessage());
        }
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

    /** The class names (sub-folder names) in label order, for {@code labels: subfolders}; else empty. */
    public List<String> classNames() {
        return classNames;
    }

    @Override
    SampleTable table() {
        return table;
    }
}
