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

/** The platform's contract suite for the three sources, on small files written here. */
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
}
