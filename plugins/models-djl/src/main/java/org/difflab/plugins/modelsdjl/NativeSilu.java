package org.difflab.plugins.modelsdjl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PyTorch's own SiLU kernels (torch.silu forward, silu_backward in autograd), which DJL 0.35.1 does not bind:
 * reached through a one-line {@link TorchScriptModule}, loaded once per device.
 *
 * <p>Why: x * sigmoid(x) as two DJL ops costs two full-size passes forward and four backward (two products,
 * sigmoid's backward, the sum of the two gradient paths); the fused op costs one each way. Values and gradients
 * agree with the composite formula to float rounding.
 */
final class NativeSilu {

    /** The module's source: forward is torch.silu. */
    static final String CODE = """
            class Silu(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Silu,
                x: Tensor) -> Tensor:
                return torch.silu(x)
            """;

    private static final Map<Device, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();

    private NativeSilu() {}

    /** Whether {@code x} lives on the PyTorch engine (else the caller uses the composite formula). */
    static boolean supports(NDArray x) {
        return x instanceof PtNDArray;
    }

    /** silu(x) = x sigmoid(x), recorded for autograd when a gradient collector is open. */
    static NDArray apply(NDArray x) {
        PtSymbolBlock module = MODULES.computeIfAbsent(x.getDevice(), d -> TorchScriptModule.load("Silu", CODE, d));
        return IValueUtils.forward(module, new NDList(x), true).head();
    }
}
