package org.difflab.plugins.modelsdjl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * PyTorch's own SiLU kernels (torch.silu forward, silu_backward in autograd), which DJL 0.35.1 does not bind:
 * reached through a one-line TorchScript module written here in memory and loaded once per device.
 *
 * <p>Why: x * sigmoid(x) as two DJL ops costs two full-size passes forward and four backward (two products,
 * sigmoid's backward, the sum of the two gradient paths); the fused op costs one each way. Values and gradients
 * agree with the composite formula to float rounding.
 */
final class NativeSilu {

    private static final Map<Device, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();
    private static final NDManager OWNER = NDManager.newBaseManager();

    private NativeSilu() {}

    /** Whether {@code x} lives on the PyTorch engine (else the caller uses the composite formula). */
    static boolean supports(NDArray x) {
        return x instanceof PtNDArray;
    }

    /** silu(x) = x sigmoid(x), recorded for autograd when a gradient collector is open. */
    static NDArray apply(NDArray x) {
        PtSymbolBlock module = MODULES.computeIfAbsent(x.getDevice(), NativeSilu::load);
        return IValueUtils.forward(module, new NDList(x), true).head();
    }

    private static PtSymbolBlock load(Device device) {
        try {
            PtNDManager manager = (PtNDManager) OWNER.newSubManager(device);
            return JniUtils.loadModule(manager, new ByteArrayInputStream(archive()), false, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the SiLU module", e);
        }
    }

    /**
     * A TorchScript archive (what torch.jit.save writes) for a parameter-free module whose forward is
     * torch.silu: the code, the module object pickled with its one attribute, no constants.
     */
    static byte[] archive() throws IOException {
        String code = """
                class Silu(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool
                  def forward(self: __torch__.Silu,
                    x: Tensor) -> Tensor:
                    return torch.silu(x)
                """;
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        // pickle protocol 2: GLOBAL __torch__.Silu, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, "training" -> True, BUILD, STOP
        pickle.write(new byte[] {(byte) 0x80, 2, 'c'});
        pickle.write("__torch__\nSilu\n".getBytes(StandardCharsets.US_ASCII));
        pickle.write(new byte[] {')', (byte) 0x81, '}', 'X', 8, 0, 0, 0});
        pickle.write("training".getBytes(StandardCharsets.US_ASCII));
        pickle.write(new byte[] {(byte) 0x88, 's', 'b', '.'});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            store(zip, "silu/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            store(zip, "silu/code/__torch__.py", code.getBytes(StandardCharsets.US_ASCII));
            store(zip, "silu/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});   // an empty tuple
            store(zip, "silu/data.pkl", pickle.toByteArray());
        }
        return bytes.toByteArray();
    }

    /** TorchScript's reader expects uncompressed entries. */
    private static void store(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
