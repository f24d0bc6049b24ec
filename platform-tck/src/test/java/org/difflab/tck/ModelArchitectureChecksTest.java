package org.difflab.tck;

import static org.difflab.tck.Outcomes.assertFailed;
import static org.difflab.tck.Outcomes.assertPassed;
import static org.difflab.tck.Outcomes.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.difflab.api.ModelArchitecture;
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

    /** An affine network for flat sample shapes; images are rejected. */
    static ModelArchitecture affine(int extraUnits) {
        return (shape, classes) -> {
            if (shape.dimension() != 1) {
                throw new IllegalArgumentException("flat samples only, got " + shape);
            }
            return new Affine((int) shape.get(0) + extraUnits);
        };
    }

    @Test
    void anAffineNetworkPassesAndSaysWhichShapesItRejects() {
        var checks = ModelArchitectureChecks.of(affine(0));
        Outcome shape = run(checks, "model.output-shape");
        assertPassed(shape);
        org.assertj.core.api.Assertions.assertThat(shape.message()).contains("rejects (1, 8, 8)");
        assertPassed(run(checks, "model.training-step"));
        assertPassed(run(checks, "model.save-load"));
    }

    @Test
    void aWrongOutputShapeFails() {
        assertFailed(run(ModelArchitectureChecks.of(affine(1)), "model.output-shape"),
                "for input shape (8, 2) the output has shape (8, 3)");
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
