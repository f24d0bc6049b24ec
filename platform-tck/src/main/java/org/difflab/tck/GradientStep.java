package org.difflab.tck;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * One gradient-descent step with backtracking: how contract checks test that a loss's gradients reach the weights and
 * point downhill. The gradient is recorded once; the weights then move by -lr * gradient with lr chosen so that the
 * first-order prediction is a 1% decrease (lr = 0.01 loss / |g|^2), halved up to 10 times while the loss does not fall
 * (curvature). For a differentiable loss with correct gradients some such step lowers it; a loss whose gradients do
 * not reach the weights, or point the wrong way, fails at every step size. (An optimizer step such as Adam's is not a
 * sound contract: its first step has the size of the learning rate whatever the gradient's scale.)
 */
final class GradientStep {

    /** Halvings of the first-order step before giving up. */
    static final int HALVINGS = 10;

    private GradientStep() {}

    /**
     * The step taken.
     *
     * @param before the loss before the step
     * @param after the loss after the last step size tried (NaN if there was no gradient)
     * @param rate the last step size tried
     * @param arrays weight arrays that received a non-zero gradient
     * @param gradientNorm the gradient's L2 norm over all weights
     */
    record Result(double before, double after, double rate, int arrays, double gradientNorm) {

        /** Whether some weight received a non-zero gradient. */
        boolean hasGradient() {
            return arrays > 0 && gradientNorm > 0;
        }

        /** Whether the loss fell. */
        boolean lowered() {
            return after < before;
        }
    }

    /**
     * Takes one step on {@code weights}.
     *
     * @param loss computes the scalar loss with gradients recorded (called once, inside a gradient collector)
     * @param value the loss's value at the current weights (called before the step and after each step size tried)
     */
    static Result take(Collection<NDArray> weights, Supplier<NDArray> loss, DoubleSupplier value) {
        double before = value.getAsDouble();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.get());
        }
        List<NDArray> moved = new ArrayList<>();
        List<NDArray> gradients = new ArrayList<>();
        List<NDArray> saved = new ArrayList<>();
        double norm2 = 0;
        for (NDArray weight : weights) {
            if (!weight.hasGradient()) {
                continue;
            }
            NDArray accumulated = weight.getGradient();
            NDArray gradient = accumulated.duplicate();
            accumulated.subi(accumulated);   // DJL accumulates gradients: clear them for the next step
            double squared = gradient.square().sum().toType(DataType.FLOAT64, false).getDouble();
            if (squared > 0) {
                moved.add(weight);
                gradients.add(gradient);
                saved.add(weight.duplicate());
                norm2 += squared;
            }
        }
        if (moved.isEmpty() || !(norm2 > 0) || !Double.isFinite(norm2)) {
            return new Result(before, Double.NaN, Double.NaN, moved.size(), Math.sqrt(norm2));
        }
        double rate = 0.01 * before / norm2;
        double after = Double.NaN;
        for (int attempt = 0; attempt <= HALVINGS; attempt++, rate /= 2) {
            for (int k = 0; k < moved.size(); k++) {
                saved.get(k).copyTo(moved.get(k));
                moved.get(k).subi(gradients.get(k).mul(rate));
            }
            after = value.getAsDouble();
            if (after < before) {
                return new Result(before, after, rate, moved.size(), Math.sqrt(norm2));
            }
        }
        return new Result(before, after, rate * 2, moved.size(), Math.sqrt(norm2));
    }
}
