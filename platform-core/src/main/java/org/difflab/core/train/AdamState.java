package org.difflab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.difflab.core.spec.TrainingSpec;

/**
 * Adam / AdamW (Kingma & Ba 2015; Loshchilov & Hutter 2019) with its moment estimates held here, so a
 * checkpoint captures the whole optimizer state and a resumed run continues bit-identically. The update itself
 * is PyTorch's fused kernel (one native call per parameter, which also zeroes the gradient).
 */
final class AdamState {

    private final TrainingSpec spec;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();

    /** Zero moments for every parameter, on {@code manager}. */
    AdamState(TrainingSpec spec, Map<String, NDArray> parameters, NDManager manager) {
        this.spec = spec;
        parameters.forEach((name, array) -> {
            firstMoments.put(name, manager.zeros(array.getShape(), array.getDataType()));
            secondMoments.put(name, manager.zeros(array.getShape(), array.getDataType()));
        });
    }

    Map<String, NDArray> firstMoments() {
        return firstMoments;
    }

    Map<String, NDArray> secondMoments() {
        return secondMoments;
    }

    /** Learning rate at (1-based) step {@code step}: linear warm-up, then constant. */
    double learningRate(int step) {
        return spec.warmupSteps() == 0 ? spec.learningRate()
                : spec.learningRate() * Math.min(1.0, (double) step / spec.warmupSteps());
    }

    /**
     * Applies step {@code step} (1-based) to every parameter from its gradient, scaled by {@code gradScale}
     * (global-norm clipping), and zeroes the gradients.
     */
    void apply(Map<String, NDArray> parameters, int step, double gradScale) {
        double rate = learningRate(step);
        // bias-corrected step size lr sqrt(1 - beta2^t) / (1 - beta1^t) (Kingma & Ba 2015, Algorithm 1)
        double corrected = rate * Math.sqrt(1 - Math.pow(spec.beta2(), step)) / (1 - Math.pow(spec.beta1(), step));
        boolean decoupled = spec.optimizer() == TrainingSpec.OptimizerKind.ADAMW;
        parameters.forEach((name, weight) -> weight.getNDArrayInternal().adamUpdate(
                new NDList(weight, weight.getGradient(), firstMoments.get(name), secondMoments.get(name)),
                new NDList(weight), (float) rate, (float) corrected, (float) spec.weightDecay(), (float) gradScale,
                -1f, (float) spec.beta1(), (float) spec.beta2(), (float) spec.epsilon(), true, decoupled));
    }
}
