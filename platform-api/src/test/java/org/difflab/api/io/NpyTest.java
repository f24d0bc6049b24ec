package org.difflab.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void float64AndFloat32RoundTripWithShape() throws IOException {
        double[] values = {1.5, -2.25, Math.PI, 1e-300, 0, 7};
        Path file = dir.resolve("a.npy");
        Npy.write(file, values, new long[] {3, 2}, false);
        Npy.Array back = Npy.read(file);
        assertThat(back.shape()).containsExactly(3, 2);
        assertThat(back.values()).containsExactly(values);
        // the header block is padded to a multiple of 64 bytes (NumPy format spec, version 1.0)
        assertThat((Files.size(file) - values.length * 8) % 64).isZero();

        Npy.write(file, values, new long[] {6}, true);
        Npy.Array narrow = Npy.read(file);
        assertThat(narrow.shape()).containsExactly(6);
        for (int i = 0; i < values.length; i++) {
            assertThat(narrow.values()[i]).isEqualTo((double) (float) values[i]);
        }
    }

    @Test
    void readsAHeaderAsNumpyWritesIt() throws IOException {
        // numpy.save(np.arange(3, dtype='<f8').reshape(1, 3)) writes exactly this header (format 1.0)
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3), }";
        header = header + " ".repeat(118 - header.length() - 1) + "\n";
        ByteBuffer body = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putDouble(0).putDouble(1).putDouble(2);
        Path file = dir.resolve("numpy.npy");
        try (var out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(body.array());
        }
        assertThat(Npy.read(file).values()).containsExactly(0, 1, 2);
        assertThat(Npy.readShape(file)).containsExactly(1, 3);
    }

    @Test
    void malformedFilesAreRejectedNamingTheFileAndWhatIsExpected() throws IOException {
        Path text = dir.resolve("noise.npy");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> Npy.read(text)).hasMessage("noise.npy: not a NumPy .npy file (missing the"
                + " \\x93NUMPY magic); write it with numpy.save");

        Path ints = dir.resolve("ints.npy");
        Npy.write(ints, new double[] {1, 2}, new long[] {2}, false);
        byte[] bytes = Files.readAllBytes(ints);
        String patched = new String(bytes, StandardCharsets.ISO_8859_1).replace("'<f8'", "'<i8'");
        Files.write(ints, patched.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Npy.read(ints)).hasMessageContaining("ints.npy: dtype '<i8' is not supported;"
                + " expected little-endian float32 ('<f4') or float64 ('<f8')");

        Path truncated = dir.resolve("short.npy");
        Npy.write(truncated, new double[] {1, 2, 3, 4}, new long[] {4}, false);
        byte[] full = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length - 8));
        assertThatThrownBy(() -> Npy.read(truncated)).hasMessageContaining("short.npy: truncated");
    }
}
