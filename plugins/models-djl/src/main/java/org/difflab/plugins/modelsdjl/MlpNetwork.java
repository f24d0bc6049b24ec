package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * F(x_in, c_noise) = W_out a(... a(W_1 [x_in, e(c_noise)] + b_1) ...) + b_out: the noise embedding e is
 * concatenated with the (flattened) input, then {@code depth} hidden layers of {@code width} units with
 * activation a, then a linear layer back to the input's size. Concatenation costs one copy of a
 * [batch, dims + embedding] array and lets the first layer be a single matrix product; adding a projected
 * embedding instead would need a second product and an addition.
 */
final class MlpNetwork extends AbstractBlock {

    private final Shape sampleShape;
    private final int flatDims;
    private final Nonlinearity activation;
    private final NoiseEmbedding embedding;
    private final LabelEmbedding labels;
    private final List<Linear> hidden = new ArrayList<>();
    private final Linear output;

    MlpNetwork(Shape sampleShape, int width, int depth, Nonlinearity activation, NoiseEmbedding embedding,
            int classes) {
        super((byte) 1);
        this.sampleShape = sampleShape;
        this.flatDims = Math.toIntExact(sampleShape.size());
        this.activation = activation;
        this.embedding = addChildBlock("embedding", embedding);
        this.labels = classes > 0 ? addChildBlock("labels", new LabelEmbedding(classes, embedding.dim())) : null;
        for (int i = 0; i < depth; i++) {
            hidden.add(addChildBlock("hidden" + i, Linear.builder().setUnits(width).build()));
        }
        output = addChildBlock("output", Linear.builder().setUnits(flatDims).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        Shape shape = x.getShape();
        long batch = shape.get(0);
        boolean flat = shape.dimension() == 2;
        NDArray h = flat ? x : x.reshape(batch, flatDims);
        NDArray e = embedding.forward(store, new NDList(matchType(inputs.get(1), x)), training, params).head();
        if (labels != null) {
            e = e.add(labels.forward(store, new NDList(inputs.get(2)), training, params).head());
        }
        h = h.concat(e, 1);
        for (Linear layer : hidden) {
            h = activation.apply(layer.forward(store, new NDList(h), training, params).head());
        }
        NDArray out = output.forward(store, new NDList(h), training, params).head();
        return new NDList(flat ? out : out.reshape(shape));
    }

    /** c_noise in x_in's data type (the embedding takes its precision from its input). */
    static NDArray matchType(NDArray cNoise, NDArray x) {
        return cNoise.getDataType() == x.getDataType() ? cNoise : cNoise.toType(x.getDataType(), false);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputs(inputShapes);
        long batch = inputShapes[0].get(0);
        embedding.initialize(manager, dataType, inputShapes[1]);
        if (labels != null) {
            labels.initialize(manager, dataType, inputShapes[2]);
        }
        long in = flatDims + embedding.dim();
        for (Linear layer : hidden) {
            layer.initialize(manager, dataType, new Shape(batch, in));
            in = layer.getOutputShapes(new Shape[] {new Shape(batch, in)})[0].get(1);
        }
        output.initialize(manager, dataType, new Shape(batch, in));
    }

    private void checkInputs(Shape[] inputShapes) {
        int expected = labels != null ? 3 : 2;
        if (inputShapes.length != expected || !inputShapes[0].slice(1).equals(sampleShape)) {
            throw new IllegalArgumentException("this network takes (x_in [batch, " + sampleShape
                    + "], c_noise [batch]" + (labels != null ? ", labels [batch]" : "") + "); got "
                    + java.util.Arrays.toString(inputShapes));
        }
    }
}
