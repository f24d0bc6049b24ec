package org.difflab.plugins.modelsdjl;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A parameter-free TorchScript module written in memory from its source and loaded through DJL: how difflab
 * reaches PyTorch kernels DJL 0.35.1 does not bind (SiLU) or runs several ATen operations in one native call
 * (the mixture's posterior mean), without Python at build or run time.
 */
final class TorchScriptModule {

    private static final NDManager OWNER = NDManager.newBaseManager();

    private TorchScriptModule() {}

    /**
     * The module {@code __torch__.<className>} whose body is {@code code} (TorchScript's serialized source: a
     * class deriving Module with its typed forward), loaded on {@code device}.
     */
    static PtSymbolBlock load(String className, String code, Device device) {
        try {
            PtNDManager manager = (PtNDManager) OWNER.newSubManager(device);
            return JniUtils.loadModule(manager, new ByteArrayInputStream(archive(className, code)), false, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the TorchScript module " + className, e);
        }
    }

    /**
     * The archive torch.jit.save writes for such a module: the code, the module object pickled with its one
     * attribute ({@code training}), no constants.
     */
    static byte[] archive(String className, String code) throws IOException {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        // pickle protocol 2: GLOBAL __torch__.<class>, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, "training" -> True, BUILD, STOP
        pickle.write(new byte[] {(byte) 0x80, 2, 'c'});
        pickle.write(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        pickle.write(new byte[] {')', (byte) 0x81, '}', 'X', 8, 0, 0, 0});
        pickle.write("training".getBytes(StandardCharsets.US_ASCII));
        pickle.write(new byte[] {(byte) 0x88, 's', 'b', '.'});
        String folder = className.toLowerCase(java.util.Locale.ROOT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            store(zip, folder + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            store(zip, folder + "/code/__torch__.py", code.getBytes(StandardCharsets.US_ASCII));
            store(zip, folder + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});   // an empty tuple
            store(zip, folder + "/data.pkl", pickle.toByteArray());
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
