package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Single-head self-attention over the positions of a feature map (DDPM's AttnBlock): with n = GN(h),
 * q, k, v = 1x1 convolutions of n, A = softmax_j(q_i . k_j / sqrt(C)), out = h + proj(sum_j A_ij v_j).
 * Cost grows with the square of the number of positions, so the U-Net uses it at its lowest resolution only.
 */
final class SelfAttention extends AbstractBlock {

    private final int channels;
    private final GroupNorm norm;
    private final Conv2d queryKeyValue;
    private final Conv2d projection;

    SelfAttention(int channels, int groups) {
        super((byte) 1);
        this.channels = channels;
        norm = addChildBlock("norm", new GroupNorm(groups));
        queryKeyValue = addChildBlock("qkv", Convolutions.pointwise(3 * channels));
        projection = addChildBlock("proj", Convolutions.pointwise(channels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray h = inputs.head();
        Shape shape = h.getShape();
        long batch = shape.get(0);
        long positions = shape.get(2) * shape.get(3);
        NDArray n = norm.forward(store, new NDList(h), training, params).head();
        NDArray qkv = queryKeyValue.forward(store, new NDList(n), training, params).head()
                .reshape(batch, 3, channels, positions);
        NDList parts = qkv.split(3, 1);
        NDArray q = parts.get(0).reshape(batch, channels, positions);
        NDArray k = parts.get(1).reshape(batch, channels, positions);
        NDArray v = parts.get(2).reshape(batch, channels, positions);
        // scores [B, positions_q, positions_k]
        NDArray scores = q.transpose(0, 2, 1).batchMatMul(k).mul(1.0 / Math.sqrt(channels));
        NDArray weights = scores.softmax(2);
        // out[b, c, i] = sum_j v[b, c, j] A[b, i, j]
        NDArray attended = v.batchMatMul(weights.transpose(0, 2, 1)).reshape(shape);
        return new NDList(h.add(projection.forward(store, new NDList(attended), training, params).head()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape h = inputShapes[0];
        norm.initialize(manager, dataType, h);
        queryKeyValue.initialize(manager, dataType, h);
        projection.initialize(manager, dataType, h);
    }
}
