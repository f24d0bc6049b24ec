package org.difflab.plugins.datafiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.SpecFile;
import org.difflab.api.io.Npy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class labels from each file source: IDX label files, a labels array of a .npz, image sub-folders. */
class FileLabelsTest {

    @TempDir
    Path dir;

    private static void rejected(ThrowingCallable build, String key, String... fragments) {
        assertThatThrownBy(build).isInstanceOfSatisfying(InvalidOptionException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.getMessage()).contains(fragments);
        });
    }

    // ---- idx ------------------------------------------------------------------------------------------------

    /** Six 2x2 images; image i has every pixel 40 i. */
    private Path idxImages(String name, int count) throws IOException {
        byte[] pixels = new byte[count * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (40 * (i / 4));
        }
        return Files2.idx(dir.resolve(name), IdxSource.IMAGES_MAGIC, new int[] {count, 2, 2}, pixels, false);
    }

    private Path idxLabels(String name, byte[] labels, boolean gzip) throws IOException {
        return Files2.idx(dir.resolve(name), IdxSource.LABELS_MAGIC, new int[] {labels.length}, labels, gzip);
    }

    private IdxSource idx(Path images, Path labels) {
        return new IdxSource(new IdxSource.Options(SpecFile.of(images.toString()), SpecFile.of(labels.toString())));
    }

    @Test
    void idxLabelFileLabelsEachImage() throws IOException {
        byte[] labels = {2, 0, 2, 1, 4, 2};   // classes 0..4, class 3 unused
        for (boolean gzip : new boolean[] {false, true}) {
            IdxSource source = idx(idxImages("images", 6), idxLabels(gzip ? "labels.gz" : "labels", labels, gzip));
            assertThat(source.classes()).isEqualTo(5);
            assertThat(source.classWeights().orElseThrow())
                    .containsExactly(new double[] {1 / 6.0, 1 / 6.0, 3 / 6.0, 0.0, 1 / 6.0}, within(1e-15));
            Draws.labelsFollowTheRule(source, new int[] {2, 0, 2, 1, 4, 2}, 200, 9);
        }
        assertThat(new IdxSource(new IdxSource.Options(SpecFile.of(idxImages("plain", 6).toString()))).classes())
                .isZero();
    }

    @Test
    void idxLabelFilesThatDoNotFitAreRejectedNamingTheFile() throws IOException {
        Path images = idxImages("images-idx3-ubyte", 3);
        rejected(() -> idx(images, idxLabels("four-labels", new byte[4], false)), "labels",
                "four-labels: holds 4 labels but images-idx3-ubyte holds 3 images; expected one label per image");
        rejected(() -> idx(images, images), "labels", "images-idx3-ubyte: magic number 0x00000803 is an IDX image"
                + " file; expected 0x00000801 (labels: unsigned bytes, 1 dimension)");
        rejected(() -> idx(images, Files2.idx(dir.resolve("short"), IdxSource.LABELS_MAGIC, new int[] {3},
                new byte[2], false)), "labels", "short: truncated: the header announces 3 labels, found 2");
        rejected(() -> idx(images, Files2.idx(dir.resolve("long"), IdxSource.LABELS_MAGIC, new int[] {3},
                new byte[4], false)), "labels", "long: has data after the 3 labels");
        rejected(() -> idx(images, dir.resolve("missing-labels")), "labels", "missing-labels: file not found");
        // and a label file given as the images says where it belongs
        rejected(() -> new IdxSource(new IdxSource.Options(SpecFile.of(idxLabels("lbl", new byte[3], false)
                .toString()))), "path", "is an IDX label file; expected 0x00000803",
                "give a label file as labels: beside the images' path");
    }

    /** Fashion-MNIST's test set from Debian's dataset-fashion-mnist package: 10 classes of 1000 images each. */
    @Test
    void fashionMnistTestSetHasTenBalancedClasses() {
        Path images = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
        Path labels = Path.of("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz");
        Assumptions.assumeTrue(Files.isReadable(images) && Files.isReadable(labels),
                "needs Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist)");
        IdxSource source = idx(images, labels);
        assertThat(source.size()).isEqualTo(10_000);
        assertThat(source.classes()).isEqualTo(10);
        assertThat(source.classWeights().orElseThrow()).containsOnly(0.1);
        rejected(() -> idx(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"), labels),
                "labels", "t10k-labels-idx1-ubyte.gz: holds 10000 labels but train-images-idx3-ubyte.gz holds 60000"
                        + " images");
    }

    // ---- npz ------------------------------------------------------------------------------------------------

    private static final double[][] ROWS = {{0.5, -1.0}, {2.0, 3.25}, {-4.0, 0.125}, {1e-3, 7.0}};
    private static final int[] ROW_LABELS = {1, 0, 1, 2};

    private Path rows() throws IOException {
        double[] flat = new double[8];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(ROWS[i], 0, flat, 2 * i, 2);
        }
        Path file = dir.resolve("x.npy");
        Npy.write(file, flat, new long[] {4, 2}, false);
        return file;
    }

    /** A .npy of the given integer dtype holding {@code values}, little-endian. */
    private Path integers(String name, String descr, int size, long... values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (size) {
                case 1 -> buffer.put((byte) v);
                case 2 -> buffer.putShort((short) v);
                case 4 -> buffer.putInt((int) v);
                default -> buffer.putLong(v);
            }
        }
        return Files2.npy(dir.resolve(name), descr, false, "(" + values.length + ",)", buffer.array());
    }

    private Path archive(String name, Path labels) throws IOException {
        Map<String, Path> arrays = new LinkedHashMap<>();
        arrays.put("x", rows());
        arrays.put("y", labels);
        return Files2.npz(dir.resolve(name), arrays);
    }

    private static NpySource npz(Path file, String key, String labels) {
        return new NpySource(new NpySource.Options(SpecFile.of(file.toString()), key, Normalization.NONE, null, null,
                labels));
    }

    @Test
    void npzLabelsArrayOfAnyIntegerDtypeLabelsEachRow() throws IOException {
        String[][] dtypes = {{"<i8", "8"}, {"<i4", "4"}, {"|u1", "1"}, {"<u2", "2"}, {"|i1", "1"}};
        for (String[] dtype : dtypes) {
            Path file = archive("data-" + dtype[1] + dtype[0].charAt(1) + ".npz", integers("y" + dtype[1] + ".npy",
                    dtype[0], Integer.parseInt(dtype[1]), 1, 0, 1, 2));
            NpySource source = npz(file, "x", "y");
            assertThat(source.classes()).as(dtype[0]).isEqualTo(3);
            assertThat(source.classWeights().orElseThrow()).containsExactly(new double[] {0.25, 0.5, 0.25},
                    within(1e-15));
            Draws.followTheRule(source, ROWS, 100, 3);
            Draws.labelsFollowTheRule(source, ROW_LABELS, 100, 3);
        }
        // whole numbers stored as floats are labels too; key may be left out beside one labels array
        Path floats = dir.resolve("yf.npy");
        Npy.write(floats, new double[] {1, 0, 1, 2}, new long[] {4}, false);
        NpySource inferred = npz(archive("floats.npz", floats), "", "y.npy");
        assertThat(inferred.sampleShape().getShape()).containsExactly(2);
        Draws.labelsFollowTheRule(inferred, ROW_LABELS, 100, 4);
    }

    @Test
    void npzLabelsThatDoNotFitAreRejectedNamingTheArchiveAndArray() throws IOException {
        rejected(() -> npz(archive("three.npz", integers("y3.npy", "<i8", 8, 0, 1, 2)), "x", "y"), "labels",
                "three.npz[y]: 3 labels for 4 samples; expected one label per sample");
        rejected(() -> npz(archive("negative.npz", integers("yn.npy", "<i8", 8, 0, 1, -1, 2)), "x", "y"), "labels",
                "negative.npz[y]: label -1 of sample 2; labels are class indices, integers in [0, 65535]");
        Path half = dir.resolve("yh.npy");
        Npy.write(half, new double[] {0, 1.5, 1, 0}, new long[] {4}, false);
        rejected(() -> npz(archive("half.npz", half), "x", "y"), "labels",
                "half.npz[y]: value 1.5 of sample 1 is not a whole number");
        Path matrix = dir.resolve("ym.npy");
        Npy.write(matrix, new double[] {0, 1, 1, 0}, new long[] {2, 2}, false);
        rejected(() -> npz(archive("matrix.npz", matrix), "x", "y"), "labels",
                "matrix.npz[y]: shape [2, 2]; expected a one-dimensional array [n] of class labels");
        Path text = Files2.npy(dir.resolve("ys.npy"), "<U1", false, "(4,)", new byte[16]);
        rejected(() -> npz(archive("text.npz", text), "x", "y"), "labels",
                "text.npz[y]: dtype '<U1' cannot hold class labels");
        Path ok = integers("ok.npy", "<i8", 8, 1, 0, 1, 2);
        rejected(() -> npz(archive("missing.npz", ok), "x", "labels"), "labels",
                "missing.npz has no array 'labels'; it holds [x, y]");
        rejected(() -> npz(archive("same.npz", ok), "y", "y"), "labels", "labels and key both name 'y'");
        rejected(() -> npz(rows(), "", "y"), "labels", "x.npy is a single .npy array; labels names the array of"
                + " class labels inside a .npz archive");
        Map<String, Path> three = new LinkedHashMap<>();
        three.put("x", rows());
        three.put("x2", rows());
        three.put("y", ok);
        rejected(() -> npz(Files2.npz(dir.resolve("three-arrays.npz"), three), "", "y"), "key",
                "three-arrays.npz holds [x, x2, y]; give key: the data array (labels: y names the labels)");
    }

    // ---- image-folder -------------------------------------------------------------------------------------

    /** A 2x2 gray PNG, every pixel {@code value}. */
    private static void png(Path file, int value) throws IOException {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static ImageFolderSource subfolders(Path folder) {
        return new ImageFolderSource(new ImageFolderSource.Options(SpecFile.of(folder.toString()), null,
                ImageFolderSource.Labels.SUBFOLDERS));
    }

    @Test
    void subFoldersAreClassesInSortedOrder() throws IOException {
        Path root = dir.resolve("pets");
        png(root.resolve("dog/b.png"), 200);
        png(root.resolve("dog/a.png"), 180);
        png(root.resolve("ant/x.png"), 20);
        png(root.resolve("cat/z.png"), 100);
        png(root.resolve("cat/y.png"), 90);
        png(root.resolve("cat/w.png"), 80);
        Files.createDirectories(root.resolve(".cache"));   // hidden: not a class
        ImageFolderSource source = subfolders(root);
        assertThat(source.classNames()).containsExactly("ant", "cat", "dog");
        assertThat(source.classes()).isEqualTo(3);
        assertThat(source.files().stream().map(p -> root.relativize(p).toString()).toList())
                .containsExactly("ant/x.png", "cat/w.png", "cat/y.png", "cat/z.png", "dog/a.png", "dog/b.png");
        assertThat(source.classWeights().orElseThrow()).containsExactly(new double[] {1 / 6.0, 3 / 6.0, 2 / 6.0},
                within(1e-15));
        int[] values = {20, 80, 90, 100, 180, 200};
        double[][] rows = new double[6][4];
        for (int i = 0; i < 6; i++) {
            java.util.Arrays.fill(rows[i], 2.0 * values[i] / 255.0 - 1.0);
        }
        Draws.followTheRule(source, rows, 100, 2, 1e-7);   // stored as float32
        Draws.labelsFollowTheRule(source, new int[] {0, 1, 1, 1, 2, 2}, 100, 2);
    }

    @Test
    void subFolderLayoutsThatDoNotFitAreRejected() throws IOException {
        Path loose = dir.resolve("loose");
        png(loose.resolve("a/1.png"), 10);
        png(loose.resolve("stray.png"), 10);
        rejected(() -> subfolders(loose), "path", "stray.png: lies directly in loose; with labels: subfolders every"
                + " image must be in a class sub-folder");
        Path empty = dir.resolve("empty");
        png(empty.resolve("a/1.png"), 10);
        Files.createDirectories(empty.resolve("b"));
        rejected(() -> subfolders(empty), "path", "b: holds no .png files; with labels: subfolders every sub-folder"
                + " is a class");
        Path flat = dir.resolve("flat");
        png(flat.resolve("1.png"), 10);
        rejected(() -> subfolders(flat), "path", "flat: has no sub-folders; labels: subfolders needs one sub-folder");
        Path nested = dir.resolve("nested");
        png(nested.resolve("a/1.png"), 10);
        rejected(() -> new ImageFolderSource(new ImageFolderSource.Options(SpecFile.of(nested.toString()), null)),
                "path", "nested: holds no .png files", "for one sub-folder per class give labels: subfolders");
    }
}
