package org.difflab.core.model;

import ai.djl.ndarray.NDArray;
import org.difflab.api.math.Addend;
import org.difflab.api.math.Combination;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.sampling.Denoiser;

/**
 * Counts model evaluations: the run's NFE. Guidance that evaluates the model twice per solver call (conditional
 * and unconditional) costs two, as in the literature. One counter is shared by the run's model and any guide.
 */
public final class CountedModel implements ConditionalDenoiser {

    /** The shared count. */
    public static final class Counter {
        private int evaluations;

        /** Evaluations since the last reset. */
        public int evaluations() {
            return evaluations;
        }

        /** Starts counting again (per sampling batch). */
        public void reset() {
            evaluations = 0;
        }
    }

    private final ConditionalDenoiser model;
    private final Counter counter;

    /** Counts {@code model}'s evaluations on {@code counter}. */
    public CountedModel(ConditionalDenoiser model, Counter counter) {
        this.model = model;
        this.counter = counter;
    }

    @Override
    public NDArray denoise(NDArray x, double t, Condition condition) {
        counter.evaluations++;
        return model.denoise(x, t, condition);
    }

    /** One evaluation too, passed on so that the model's fold of the map (if it has one) is kept. */
    @Override
    public NDArray combined(NDArray x, double t, Condition condition, Combination map) {
        counter.evaluations++;
        return model.combined(x, t, condition, map);
    }

    /** One evaluation too, passed on as {@link #combined(NDArray, double, Condition, Combination)} is. */
    @Override
    public NDArray combined(NDArray x, double t, Condition condition, Combination map, Addend plus) {
        counter.evaluations++;
        return model.combined(x, t, condition, map, plus);
    }

    /** One evaluation as well. */
    @Override
    public Denoiser.Denoised denoisedAndCombined(NDArray x, double t, Condition condition, Combination map) {
        counter.evaluations++;
        return model.denoisedAndCombined(x, t, condition, map);
    }
}
