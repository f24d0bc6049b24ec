package org.difflab.plugins.modelsdjl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;

import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.difflab.api.math.GaussianMixture;

/**
 * A Gaussian mixture's posterior mean (with a linear map folded in) on the PyTorch engine in one native call: the
 * same two products and softmax as {@link GaussianMixture}'s own DJL operations, from the coefficients it packs
 * ({@link GaussianMixture#packedCoefficients}), run by a {@link TorchScriptModule}.
 *
 * <p>Why: at small batches each DJL operation's fixed cost (a JNI call, an array object, its registration and
 * freeing) outweighs its arithmetic; the mixture's ten operations per evaluation took 39 us at 1,000 2-D samples
 * and this one call about 32 us (plus one coefficient array instead of three). Used only where no gradient is
 * recorded (the likelihood's autograd divergence keeps the DJL operations).
 */
final class FusedMixtureMean {

    /** The module source; FLOOR is replaced by float32's raising of far-below logits, or by nothing. */
    private static final String CODE = """
            class NAME(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.NAME,
                x: Tensor, packed: Tensor) -> Tensor:
                d = x.size(1)
                k = (packed.numel() - d * d) // (2 * d + 1)
                projection = packed.narrow(0, 0, k * d).view([k, d])
                offset = packed.narrow(0, k * d, k).view([k, 1])
                sums = packed.narrow(0, k * d + k, d * (k + d)).view([d, k + d])
                columns = x.t()
                logits = torch.addmm(offset, projection, columns)
            FLOOR
                r = torch.softmax(logits, 0)
                return torch.mm(sums, torch.cat([r, columns], 0)).t()
            """;

    /** float32: each logit raised to at least its column's largest less the mixture's range (see GaussianMixture). */
    private static final String FLOAT32_FLOOR = "    logits = torch.maximum(logits, torch.amax(logits, [0], True) - "
            + GaussianMixture.FLOAT32_LOGIT_RANGE + ")";

    private record Key(Device device, DataType type) {}

    private static final Map<Key, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();

    private FusedMixtureMean() {}

    /** Whether {@code x} can take this path: a PyTorch float64 or float32 array that records no gradient. */
    static boolean supports(NDArray x) {
        DataType type = x.getDataType();
        return x instanceof PtNDArray && (type == DataType.FLOAT64 || type == DataType.FLOAT32) && !x.hasGradient();
    }

    /** The posterior mean map of {@code x} ([B, d]) from the mixture's packed coefficients; a [B, d] view. */
    static NDArray apply(NDArray x, double[] packed) {
        NDManager manager = x.getManager();
        DataType type = x.getDataType();
        PtSymbolBlock module = MODULES.computeIfAbsent(new Key(x.getDevice(), type), FusedMixtureMean::load);
        int width = type.getNumOfBytes();
        ByteBuffer buffer = ByteBuffer.allocateDirect(packed.length * width).order(ByteOrder.nativeOrder());
        for (int i = 0; i < packed.length; i++) {
            if (type == DataType.FLOAT64) {
                buffer.putDouble(i * width, packed[i]);
            } else {
                buffer.putFloat(i * width, (float) packed[i]);
            }
        }
        try (NDArray coefficients = manager.create(buffer, new Shape(packed.length), type)) {
            // as a training call: an inference-mode result could not be updated in place by the solver
            return IValueUtils.forward(module, new NDList(x, coefficients), true).head();
        }
    }

    private static PtSymbolBlock load(Key key) {
        String name = key.type() == DataType.FLOAT32 ? "MixtureMean32" : "MixtureMean64";
        String code = CODE.replace("NAME", name).replace("FLOOR\n", key.type() == DataType.FLOAT32
                ? FLOAT32_FLOOR + "\n" : "");
        return TorchScriptModule.load(name, code, key.device());
    }
}
