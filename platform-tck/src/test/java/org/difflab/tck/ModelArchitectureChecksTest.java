package org.difflab.tck;

import static org.difflab.tck.Outcomes.assertFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.assertSkipped;
import static org.difflab.tck.Outcomes.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.difflab.api.ModelArchitecture;
import org.difflab.tck.fixtures.ReferenceArchitecture;
import org.difflab.tck.junit.ModelArchitectureContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelArchitectureChecksTest {

    /** F(x, c) = W [x, c] + b for flat samples; {@code extra} output units make its output shape wrong. */
    static final class Affine extends AbstractBlock {
        private final Block linear;

        Affine(int units) {
            linear = addChildBlock("linear", Linear.builder().setUnits(units).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray joined = inputs.get(0).concat(inputs.get(1).reshape(-1, 1), 1);
            return linear.forward(store, new NDList(joined), training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return linear.getOutputShapes(new Shape[] {new Shape(inputs[0].get(0), inputs[0].get(1) + 1)});
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
            linear.initialize(manager, dataType, new Shape(inputs[0].get(0), inputs[0].get(1) + 1));
        }
    }

    /** An affine network for flat sample shapes; images and class labels are rejected. */
    static ModelArchitecture affine(int extraUnits) {
        return (shape, classes) -> {
            if (shape.dimension() != 1) {
                throw new IllegalArgumentException("flat samples only, got " + shape);
            }
            if (classes > 0) {
                throw new IllegalArgumentException("takes no class labels");
            }
            return new Affine((int) shape.get(0) + extraUnits);
        };
    }

    /** Accepts class labels but never reads them (its block takes the third input and ignores it). */
    static final ModelArchitecture IGNORES_LABELS = (shape, classes) -> {
        if (shape.dimension() != 1) {
            throw new IllegalArgumentException("flat samples only, got " + shape);
        }
        return new Affine((int) shape.get(0));
    };

    /**
     * F = W [x, c_noise] + b + V onehot(label) with V zero-initialised (as adaLN-zero does): at initialisation the label
     * has no effect, after one gradient step it has.
     */
    static final class ZeroInitialisedLabels extends AbstractBlock {
        private final Block affine;
        private final Block labels;
        private final int classes;

        ZeroInitialisedLabels(int dims, int classes) {
            this.classes = classes;
            affine = addChildBlock("affine", new Affine(dims));
            labels = addChildBlock("labels", Linear.builder().setUnits(dims).optBias(false).build());
            labels.setInitializer(new ConstantInitializer(0f), Parameter.Type.WEIGHT);
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray out = affine.forward(store, new NDList(inputs.get(0), inputs.get(1)), training, params).head();
            NDArray onehot = inputs.get(2).toType(DataType.INT64, false).oneHot(classes + 1).toType(out.getDataType(),
                    false);
            return new NDList(out.add(labels.forward(store, new NDList(onehot), training, params).head()));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {inputs[0]};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
            affine.initialize(manager, dataType, inputs[0], inputs[1]);
            labels.initialize(manager, dataType, new Shape(inputs[0].get(0), classes + 1));
        }
    }

    @Test
    void anAffineNetworkPassesAndSaysWhichShapesItRejects() {
        var checks = ModelArchitectureChecks.of(affine(0));
        Outcome shape = run(checks, "model.output-shape");
        assertPassed(shape);
        assertThat(shape.message()).contains("rejects (1, 8, 8)");
        assertPassed(run(checks, "model.training-step"));
        assertPassed(run(checks, "model.save-load"));
    }

    @Test
    void aWrongOutputShapeFails() {
        assertFailed(run(ModelArchitectureChecks.of(affine(1)), "model.output-shape"),
                "for input shape (8, 2) the output has shape (8, 3)");
    }

    @Test
    void anArchitectureWithoutLabelsSkipsTheLabelCheck() {
        assertSkipped(run(ModelArchitectureChecks.of(affine(0)), "model.class-labels"), "takes no class labels");
    }

    @Test
    void theReferenceNetworkPassesWithLabelsThatChangeTheOutputAtOnce() {
        var checks = ModelArchitectureChecks.of(new ReferenceArchitecture());
        for (Check check : checks) {
            assertPassed(check.run());
        }
        assertThat(run(checks, "model.class-labels").message()).contains("four different outputs",
                "at initialisation");
    }

    @Test
    void labelsThatNeverReachTheOutputFail() {
        assertFailed(run(ModelArchitectureChecks.of(IGNORES_LABELS), "model.class-labels"),
                "the label does not change the output", "label 0 and label 1", "even after a gradient step");
    }

    @Test
    void aZeroInitialisedLabelPathPassesAfterOneGradientStep() {
        ModelArchitecture zeroInit = (shape, classes) -> {
            if (shape.dimension() != 1) {
                throw new IllegalArgumentException("flat samples only");
            }
            return new ZeroInitialisedLabels((int) shape.get(0), classes);
        };
        Outcome outcome = run(ModelArchitectureChecks.of(zeroInit), "model.class-labels");
        assertPassed(outcome);
        assertThat(outcome.message()).contains("identical at initialisation and differ after one gradient step");
    }

    /** The mix-in, as a plugin author uses it. */
    @Nested
    class MixIn implements ModelArchitectureContract {
        @Override
        public ModelArchitecture createArchitecture() {
            return affine(0);
        }
    }
}
