package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Initialises a parameter to given values, in the block's data type: how fixed (non-trained) constants such as
 * embedding frequencies become parameters, so they follow the block's precision and are saved with it.
 */
final class FixedValues implements Initializer {

    private final double[] values;

    FixedValues(double[] values) {
        this.values = values.clone();
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.size() != values.length) {
            throw new IllegalStateException("shape " + shape + " holds " + shape.size() + " values, have "
                    + values.length);
        }
        NDArray exact = manager.create(values, shape);
        if (dataType == DataType.FLOAT64) {
            return exact;
        }
        NDArray cast = exact.toType(dataType, false);
        exact.close();
        return cast;
    }
}
