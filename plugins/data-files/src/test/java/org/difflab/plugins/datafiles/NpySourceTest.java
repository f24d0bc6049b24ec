package org.difflab.plugins.datafiles;

import org.difflab.api.SpecFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpySourceTest {

    @TempDir
    Path dir;

    private static NpySource.Options plain(Path file) {
        return new NpySource.Options(SpecFile.of(file.toString()), "", Normalization.NONE, null, null);
    }

    private static void rejected(ThrowingCallable build, String key, String... fragments) {
        assertThatThrownBy(build).isInstanceOfSatisfying(InvalidOptionException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.getMessage()).contains(fragments);
        });
    }

    private static final double[][] ROWS = {{0.5, -1.0}, {2.0, 3.25}, {-4.0, 0.125}, {1e-3, 7.0}, {6.0, -6.5}};

    private Path writeRows(String name, boolean float32) throws IOException {
        double[] flat = new double[ROWS.length * 2];
        for (int i = 0; i < ROWS.length; i++) {
            System.arraycopy(ROWS[i], 0, flat, 2 * i, 2);
        }
        Path file = dir.resolve(name);
        Npy.write(file, flat, new long[] {ROWS.length, 2}, float32);
        return file;
    }

    @Test
    void float64RowsRoundTripAndAreDrawnByTheDocumentedRule() throws IOException {
        NpySource source = new NpySource(plain(writeRows("rows.npy", false)));
        assertThat(source.size()).isEqualTo(5);
        assertThat(source.sampleShape()).isEqualTo(new Shape(2));
        Draws.followTheRule(source, ROWS, 300, 7);
    }

    @Test
    void float32ImagesKeepTheirSampleShapeAndValues() throws IOException {
        double[] flat = new double[3 * 4];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = 0.1 * i - 0.35;
        }
        Path file = dir.resolve("images.npy");
        Npy.write(file, flat, new long[] {3, 1, 2, 2}, true);
        NpySource source = new NpySource(plain(file));
        assertThat(source.sampleShape()).isEqualTo(new Shape(1, 2, 2));
        double[][] rows = new double[3][4];
        for (int i = 0; i < flat.length; i++) {
            rows[i / 4][i % 4] = (float) flat[i];   // stored as float32, widened exactly
        }
        Draws.followTheRule(source, rows, 50, 1);
    }

    @Test
    void aOneDimensionalArrayIsScalarSamples() throws IOException {
        Path file = dir.resolve("scalars.npy");
        Npy.write(file, new double[] {1, 2, 3}, new long[] {3}, false);
        NpySource source = new NpySource(plain(file));
        assertThat(source.sampleShape()).isEqualTo(new Shape(1));
        Draws.followTheRule(source, new double[][] {{1}, {2}, {3}}, 30, 2);
    }

    @Test
    void scaleAndShiftMapEveryValue() throws IOException {
        NpySource source = new NpySource(new NpySource.Options(SpecFile.of(writeRows("r.npy", false).toString()), "",
                Normalization.NONE, 2.0, -1.0));
        double[][] mapped = new double[ROWS.length][2];
        for (int i = 0; i < ROWS.length; i++) {
            for (int j = 0; j < 2; j++) {
                mapped[i][j] = ROWS[i][j] * 2.0 - 1.0;
            }
        }
        Draws.followTheRule(source, mapped, 40, 3);
    }

    @Test
    void normalizationsMapTheDataAsDocumented() throws IOException {
        Path file = writeRows("n.npy", false);
        SampleTable unit = new NpySource(new NpySource.Options(SpecFile.of(file.toString()), "", Normalization.MINUS_ONE_TO_ONE,
                null, null)).table();
        // observed range [-6.5, 7] -> [-1, 1]
        double min = 1;
        double max = -1;
        for (int i = 0; i < 10; i++) {
            min = Math.min(min, unit.value(i));
            max = Math.max(max, unit.value(i));
        }
        assertThat(min).isCloseTo(-1.0, within(1e-15));
        assertThat(max).isCloseTo(1.0, within(1e-15));
        assertThat(unit.value(0)).isCloseTo(2 * (0.5 + 6.5) / 13.5 - 1, within(1e-15));

        SampleTable standard = new NpySource(new NpySource.Options(SpecFile.of(file.toString()), "", Normalization.STANDARDIZE,
                null, null)).table();
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < 10; i++) {
            sum += standard.value(i);
            squares += standard.value(i) * standard.value(i);
        }
        assertThat(sum / 10).isCloseTo(0.0, within(1e-14));
        assertThat(squares / 10).isCloseTo(1.0, within(1e-14));
    }

    @Test
    void uint8ImagesMustBeMappedAndMapFromTheirFullRange() throws IOException {
        byte[] pixels = {0, (byte) 255, 51, (byte) 128, 1, 2, 3, 4};
        Path file = Files2.npy(dir.resolve("u8.npy"), "|u1", false, "(2, 2, 2)", pixels);
        rejected(() -> new NpySource(plain(file)), "normalize", "u8.npy holds uint8", "minus_one_to_one");
        NpySource source = new NpySource(new NpySource.Options(SpecFile.of(file.toString()), "", Normalization.MINUS_ONE_TO_ONE,
                null, null));
        assertThat(source.sampleShape()).isEqualTo(new Shape(2, 2));
        double[][] rows = new double[2][4];
        for (int i = 0; i < pixels.length; i++) {
            rows[i / 4][i % 4] = (pixels[i] & 0xff) / 127.5 - 1.0;   // DDPM's scaling of 0..255
        }
        SampleTable t = source.table();
        for (int i = 0; i < pixels.length; i++) {
            assertThat(t.value(i)).isCloseTo(rows[i / 4][i % 4], within(1e-15));
        }
        assertThat(t.value(0)).isEqualTo(-1.0);
        assertThat(t.value(1)).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void npzArchivesAreReadByKey() throws IOException {
        Path x = writeRows("x.npy", true);
        Path y = dir.resolve("y.npy");
        Npy.write(y, new double[] {1, 2}, new long[] {2}, false);
        Map<String, Path> arrays = new LinkedHashMap<>();
        arrays.put("x_train", x);
        arrays.put("y_train", y);
        Path npz = Files2.npz(dir.resolve("data.npz"), arrays);
        NpySource source = new NpySource(new NpySource.Options(SpecFile.of(npz.toString()), "x_train", Normalization.NONE, null,
                null));
        double[][] rows = new double[ROWS.length][2];
        for (int i = 0; i < ROWS.length; i++) {
            rows[i][0] = (float) ROWS[i][0];
            rows[i][1] = (float) ROWS[i][1];
        }
        Draws.followTheRule(source, rows, 40, 4);
        assertThat(new NpySource(new NpySource.Options(SpecFile.of(npz.toString()), "y_train.npy", Normalization.NONE, null, null))
                .sampleShape()).isEqualTo(new Shape(1));
        rejected(() -> new NpySource(plain(npz)), "key", "data.npz holds 2 arrays [x_train, y_train]");
        rejected(() -> new NpySource(new NpySource.Options(SpecFile.of(npz.toString()), "z", Normalization.NONE, null, null)),
                "key", "data.npz has no array 'z'");
        // A single-array archive needs no key.
        assertThat(new NpySource(plain(Files2.npz(dir.resolve("one.npz"), Map.of("only", y)))).size()).isEqualTo(2);
    }

    @Test
    void missingAndMalformedFilesAreRejectedAtConstructionNamingTheFile() throws IOException {
        rejected(() -> new NpySource(plain(dir.resolve("absent.npy"))), "path", "absent.npy: file not found");
        rejected(() -> new NpySource(plain(dir)), "path", "not a regular file");
        Path text = Files.writeString(dir.resolve("notes.npy"), "hello, not numpy");
        rejected(() -> new NpySource(plain(text)), "path", "notes.npy: neither a NumPy .npy file");
        Path ints = Files2.npy(dir.resolve("ints.npy"), "<i8", false, "(2,)", new byte[16]);
        rejected(() -> new NpySource(plain(ints)), "path", "ints.npy: dtype '<i8' is not supported",
                "'<f4'", "'|u1'");
        Path fortran = Files2.npy(dir.resolve("f.npy"), "<f8", true, "(2, 2)", new byte[32]);
        rejected(() -> new NpySource(plain(fortran)), "path", "f.npy: Fortran-ordered");
        Path shortFloats = Files2.npy(dir.resolve("short.npy"), "<f8", false, "(3, 2)", new byte[40]);
        rejected(() -> new NpySource(plain(shortFloats)), "path", "short.npy: truncated");
        Path shortBytes = Files2.npy(dir.resolve("shortu8.npy"), "|u1", false, "(3, 2)", new byte[5]);
        rejected(() -> new NpySource(new NpySource.Options(SpecFile.of(shortBytes.toString()), "", Normalization.MINUS_ONE_TO_ONE,
                null, null)), "path", "shortu8.npy: truncated");
        Path empty = Files2.npy(dir.resolve("empty.npy"), "<f8", false, "(0, 2)", new byte[0]);
        rejected(() -> new NpySource(plain(empty)), "path", "empty.npy: shape [0, 2] holds no samples");
        ByteBuffer nan = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.0).putDouble(Double.NaN);
        Path nans = Files2.npy(dir.resolve("nan.npy"), "<f8", false, "(2,)", nan.array());
        rejected(() -> new NpySource(plain(nans)), "path", "nan.npy: value NaN in row 1");
        Path broken = Files.write(dir.resolve("broken.npz"), new byte[] {'P', 'K', 3, 4, 0, 0, 0});
        rejected(() -> new NpySource(plain(broken)), "path", "broken.npz");
        rejected(() -> new NpySource(new NpySource.Options(SpecFile.of(writeRows("k.npy", false).toString()), "x",
                Normalization.NONE, null, null)), "key", "key applies to .npz archives only");
    }

    @Test
    void mappingOptionsAreValidatedTogether() throws IOException {
        rejected(() -> new NpySource.Options(SpecFile.of("a.npy"), "", Normalization.STANDARDIZE, 2.0, null), "scale",
                "normalize: none only");
        Path constant = dir.resolve("c.npy");
        Npy.write(constant, new double[] {3, 3, 3}, new long[] {3}, false);
        rejected(() -> new NpySource(new NpySource.Options(SpecFile.of(constant.toString()), "", Normalization.MINUS_ONE_TO_ONE,
                null, null)), "normalize", "every value is 3.0");
    }

    @Test
    void relativePathsResolveAgainstTheWorkingDirectory() throws IOException {
        Path file = writeRows("rel.npy", false);
        Path cwd = Path.of("").toAbsolutePath();
        String relative = cwd.relativize(file).toString();
        assertThat(new NpySource(plain(Path.of(relative))).size()).isEqualTo(5);
    }
}
