package org.difflab.plugins.datafiles;

import org.difflab.api.SpecFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.difflab.api.DataSource;
import org.difflab.api.io.Npy;
import org.difflab.api.math.Rng;
import org.difflab.tck.junit.DataSourceContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The platform's contract suite for the three sources, unlabelled and labelled, on small files written here. */
class ContractSuiteTest {

    @TempDir
    static Path dir;

    @Nested
    class Npys implements DataSourceContract {
        @Override
        public DataSource createDataSource() {
            try {
                Path file = dir.resolve("contract.npy");
                Npy.write(file, new Rng(1).gaussians(40), new long[] {20, 2}, false);
                return new NpySource(new NpySource.Options(SpecFile.of(file.toString()), "", Normalization.NONE, null, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class Idx implements DataSourceContract {
        @Override
        public DataSource createDataSource() {
            try {
                byte[] pixels = new byte[10 * 16];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = (byte) (i * 37);
                }
                Path file = Files2.idx(dir.resolve("contract-idx3-ubyte"), 0x00000803, new int[] {10, 4, 4}, pixels, false);
                return new IdxSource(new IdxSource.Options(SpecFile.of(file.toString())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class ImageFolder implements DataSourceContract {
        @Override
        public DataSource createDataSource() {
            try {
                Path folder = java.nio.file.Files.createDirectories(dir.resolve("pngs"));
                for (int i = 0; i < 5; i++) {
                    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
                    image.getRaster().setSample(i % 4, i / 4, 0, 40 * i + 10);
                    ImageIO.write(image, "png", folder.resolve("img" + i + ".png").toFile());
                }
                return new ImageFolderSource(new ImageFolderSource.Options(SpecFile.of(folder.toString()), null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class LabelledNpz implements DataSourceContract {
        @Override
        public DataSource createDataSource() {
            try {
                Path x = dir.resolve("labelled-x.npy");
                Npy.write(x, new Rng(2).gaussians(60), new long[] {30, 2}, false);
                Path y = dir.resolve("labelled-y.npy");
                double[] labels = new double[30];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = i % 4 == 3 ? 2 : i % 2;   // uneven classes: 0, 1, 0, 2, ...
                }
                Npy.write(y, labels, new long[] {30}, false);
                Path npz = Files2.npz(dir.resolve("labelled.npz"), java.util.Map.of("x", x, "y", y));
                return new NpySource(new NpySource.Options(SpecFile.of(npz.toString()), "x", Normalization.NONE, null,
                        null, "y"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class LabelledIdx implements DataSourceContract {
        @Override
        public DataSource createDataSource() {
            try {
                byte[] pixels = new byte[10 * 16];
                byte[] labels = new byte[10];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = (byte) (i * 29);
                }
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = (byte) (i * i % 3);
                }
                Path images = Files2.idx(dir.resolve("labelled-idx3-ubyte"), IdxSource.IMAGES_MAGIC,
                        new int[] {10, 4, 4}, pixels, false);
                Path labelFile = Files2.idx(dir.resolve("labelled-idx1-ubyte.gz"), IdxSource.LABELS_MAGIC,
                        new int[] {10}, labels, true);
                return new IdxSource(new IdxSource.Options(SpecFile.of(images.toString()),
                        SpecFile.of(labelFile.toString())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class LabelledImageFolder implements DataSourceContract {
        @Override
        public DataSource createDataSource() {
            try {
                Path root = dir.resolve("classes");
                for (int i = 0; i < 7; i++) {
                    Path folder = java.nio.file.Files.createDirectories(root.resolve(i < 3 ? "circles" : "squares"));
                    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
                    image.getRaster().setSample(i % 4, i / 4, 0, 30 * i + 5);
                    ImageIO.write(image, "png", folder.resolve("img" + i + ".png").toFile());
                }
                return new ImageFolderSource(new ImageFolderSource.Options(SpecFile.of(root.toString()), null,
                        ImageFolderSource.Labels.SUBFOLDERS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
