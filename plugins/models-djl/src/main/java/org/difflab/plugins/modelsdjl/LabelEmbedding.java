package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A learned vector per class label, added to the noise embedding (as EDM's networks add map_label(class_labels)
 * to their noise embedding). The table has one row more than there are classes: the last row is the "no label"
 * (null) class of classifier-free guidance, which a network trained with dropped labels learns as its
 * unconditional mode. Input: int32 labels [batch] in [0, classes]; output [batch, dim] in the weights' type.
 */
final class LabelEmbedding extends AbstractBlock {

    private final int rows;
    private final int dim;
    private final Parameter weight;

    LabelEmbedding(int classes, int dim) {
        super((byte) 1);
        this.rows = classes + 1;
        this.dim = dim;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(rows, dim)).optInitializer(new NormalInitializer(1.0f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray labels = inputs.head();
        NDArray table = store.getValue(weight, labels.getDevice(), training);
        // one-hot rows times the table: a gather that back-propagates into the chosen rows only
        NDArray oneHot = labels.toType(DataType.INT64, false).oneHot(rows).toType(table.getDataType(), false);
        return new NDList(oneHot.matMul(table));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}
}
