package org.difflab.examples.modelside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.Guidance;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.tck.fixtures.ReferenceGuidanceContext;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.junit.GuidanceContract;
import org.junit.jupiter.api.Test;

/**
 * The platform's guidance contract (the model itself for unconditioned batches, bit for bit; shape and type;
 * determinism; every evaluation counted) through the {@link GuidanceContract} mix-in, and the rescale's own
 * properties on the exact class-conditional denoiser of the contract suite's labelled mixture.
 */
class RescaledCfgTest implements GuidanceContract {

    @Override
    public Guidance createGuidance() {
        return new RescaledCfg(new RescaledCfg.Options(3.0, 0.7));
    }

    static final Condition LABELS = Condition.labels(0, 1, 2, 0, 1, 2, 0, 1);
    static final double T = 0.8;

    /** Noisy points of the reference data's scale at noise level T on the EDM-like process. */
    static NDArray points(NDManager manager) {
        return new Rng(5).normal(manager, new Shape(8, 2), DataType.FLOAT64).mul(Math.hypot(1.2, T));
    }

    @Test
    void fullyRescaledSamplesHaveTheConditionalPredictionsSpread() {
        try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(ReferenceProcesses.EDM_LIKE);
                NDManager manager = NDManager.newBaseManager()) {
            NDArray x = points(manager);
            NDArray guided = new RescaledCfg(new RescaledCfg.Options(5.0, 1.0)).guide(context).denoise(x, T, LABELS);
            double[] spread = RescaledCfg.perSampleStd(guided).toDoubleArray();
            double[] target = RescaledCfg.perSampleStd(context.prediction(x, T, LABELS)).toDoubleArray();
            for (int i = 0; i < spread.length; i++) {
                assertEquals(target[i], spread[i], 1e-12 * target[i], "sample " + i);
            }
        }
    }

    @Test
    void withoutRescaleItIsClassifierFreeGuidanceAndScaleOneIsTheConditionalModel() {
        try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(ReferenceProcesses.EDM_LIKE);
                NDManager manager = NDManager.newBaseManager()) {
            NDArray x = points(manager);
            NDArray u = context.prediction(x, T, Condition.NONE);
            NDArray c = context.prediction(x, T, LABELS);
            // (1 + w) c - w u with w = 2 (Ho & Salimans 2022, eq. 6), i.e. scale 3 in u + scale (c - u)
            NDArray cfg = c.mul(3.0).sub(u.mul(2.0));
            NDArray plain = new RescaledCfg(new RescaledCfg.Options(3.0, 0.0)).guide(context).denoise(x, T, LABELS);
            assertTrue(plain.sub(cfg).abs().max().getDouble() < 1e-14, "plain CFG");
            NDArray conditional = new RescaledCfg(new RescaledCfg.Options(1.0, 0.7)).guide(context)
                    .denoise(x, T, LABELS);
            assertTrue(conditional.sub(c).abs().max().getDouble() < 1e-14, "scale 1");
        }
    }

    @Test
    void oneModelEvaluationWithoutLabelsTwoWithThem() {
        try (ReferenceGuidanceContext context = new ReferenceGuidanceContext(ReferenceProcesses.EDM_LIKE);
                NDManager manager = NDManager.newBaseManager()) {
            ConditionalDenoiser guided = createGuidance().guide(context);
            NDArray x = points(manager);
            guided.denoise(x, T, Condition.NONE);
            assertEquals(1, context.evaluations());
            guided.denoise(x, T, LABELS);
            assertEquals(3, context.evaluations());
        }
    }
}
