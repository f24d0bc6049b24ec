package org.difflab.plugins.datafiles;

import org.difflab.api.SpecFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.difflab.api.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSourceTest {

    @TempDir
    Path dir;

    /** Three 2x3 images with pixel values i * 20 + j * 7 (covering 0 and values up to 255). */
    private static byte[] pixels() {
        byte[] p = new byte[3 * 6];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 6; j++) {
                p[i * 6 + j] = (byte) Math.min(255, i * 100 + j * 11);
            }
        }
        p[17] = (byte) 255;
        return p;
    }

    private static double[][] scaledRows() {
        byte[] p = pixels();
        double[][] rows = new double[3][6];
        for (int i = 0; i < p.length; i++) {
            rows[i / 6][i % 6] = (p[i] & 0xff) / 127.5 - 1.0;   // [0, 255] -> [-1, 1]
        }
        return rows;
    }

    private static void rejected(Path file, String... fragments) {
        assertThatThrownBy(() -> new IdxSource(new IdxSource.Options(SpecFile.of(file.toString()))))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> {
                    assertThat(e.key()).isEqualTo("path");
                    assertThat(e.getMessage()).contains(fragments);
                });
    }

    @Test
    void plainAndGzippedImageFilesGiveScaledImagesOfShapeOneByHByW() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path file = Files2.idx(dir.resolve(gzip ? "images.gz" : "images"), 0x00000803, new int[] {3, 2, 3},
                    pixels(), gzip);
            IdxSource source = new IdxSource(new IdxSource.Options(SpecFile.of(file.toString())));
            assertThat(source.size()).isEqualTo(3);
            assertThat(source.sampleShape()).isEqualTo(new Shape(1, 2, 3));
            // x * (1/127.5) - 1 against x/127.5 - 1: at most an ulp or two of 1.
            Draws.followTheRule(source, scaledRows(), 60, 5, 5e-16);
            assertThat(source.table().value(0)).isEqualTo(-1.0);
            assertThat(source.table().value(17)).isEqualTo(1.0);
        }
    }

    @Test
    void labelFilesAndOtherIdxTypesAreRejectedWithTheMagicNumber() throws IOException {
        rejected(Files2.idx(dir.resolve("train-labels-idx1-ubyte"), 0x00000801, new int[] {3}, new byte[3], false),
                "train-labels-idx1-ubyte: magic number 0x00000801 is an IDX label file; expected 0x00000803 (images");
        rejected(Files2.idx(dir.resolve("floats.gz"), 0x00000D03, new int[] {1, 1, 1}, new byte[4], true),
                "floats.gz: magic number 0x00000D03 is IDX data of type 0x0D (floats)");
        rejected(Files2.idx(dir.resolve("cube"), 0x00000804, new int[] {1, 1, 1, 1}, new byte[1], false),
                "magic number 0x00000804 is IDX unsigned bytes with 4 dimensions");
        rejected(Files.writeString(dir.resolve("readme.txt"), "hello world, this is text"),
                "readme.txt: magic number 0x68656C6C is not an IDX file");
    }

    @Test
    void truncatedOrOverlongFilesAreRejected() throws IOException {
        byte[] p = pixels();
        rejected(Files2.idx(dir.resolve("short"), 0x00000803, new int[] {3, 2, 3}, java.util.Arrays.copyOf(p, 10),
                false), "short: truncated: the header announces 3 images of 2x3 = 18 pixel bytes, found 10");
        rejected(Files2.idx(dir.resolve("long.gz"), 0x00000803, new int[] {3, 2, 3}, java.util.Arrays.copyOf(p, 19),
                true), "long.gz: has data after the 3 images of 2x3");
        rejected(Files2.idx(dir.resolve("stub"), 0x00000803, new int[] {3}, new byte[0], false),
                "stub: ends inside the IDX header");
        rejected(Files2.idx(dir.resolve("none"), 0x00000803, new int[] {0, 2, 3}, new byte[0], false),
                "none: header gives 0 images");
        rejected(dir.resolve("missing-idx3-ubyte"), "missing-idx3-ubyte: file not found");
        Path corrupt = Files.write(dir.resolve("corrupt.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        rejected(corrupt, "corrupt.gz");
    }
}
