package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DDPM's residual block (Ho et al. 2020, after Wide ResNet): with input h [B, in, H, W] and the activated noise
 * embedding e [B, E],
 * <pre>  r = conv3x3(a(GN(h)));  r = r + Linear(e)[:, :, None, None];
 *   r = conv3x3(dropout(a(GN(r))));  out = skip(h) + r,</pre>
 * where skip is the identity when in = out channels and a 1x1 convolution otherwise. Inputs: (h, e).
 */
final class ResidualBlock extends AbstractBlock {

    private final int outChannels;
    private final Nonlinearity activation;
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear noiseProjection;
    private final GroupNorm norm2;
    private final Block dropout;
    private final Conv2d conv2;
    private final Conv2d skip;

    ResidualBlock(int inChannels, int outChannels, int groups, float dropoutRate, Nonlinearity activation) {
        super((byte) 1);
        this.outChannels = outChannels;
        this.activation = activation;
        norm1 = addChildBlock("norm1", new GroupNorm(groups));
        conv1 = addChildBlock("conv1", Convolutions.same3x3(outChannels));
        noiseProjection = addChildBlock("noise", Linear.builder().setUnits(outChannels).build());
        norm2 = addChildBlock("norm2", new GroupNorm(groups));
        dropout = dropoutRate > 0 ? addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build()) : null;
        conv2 = addChildBlock("conv2", Convolutions.same3x3(outChannels));
        skip = inChannels != outChannels ? addChildBlock("skip", Convolutions.pointwise(outChannels)) : null;
    }

    int outChannels() {
        return outChannels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray h = inputs.get(0);
        NDArray e = inputs.get(1);
        NDArray r = activation.apply(norm1.forward(store, new NDList(h), training, params).head());
        r = conv1.forward(store, new NDList(r), training, params).head();
        NDArray shift = noiseProjection.forward(store, new NDList(e), training, params).head();
        r = r.add(shift.reshape(shift.getShape().get(0), outChannels, 1, 1));
        r = activation.apply(norm2.forward(store, new NDList(r), training, params).head());
        if (dropout != null) {
            r = dropout.forward(store, new NDList(r), training, params).head();
        }
        r = conv2.forward(store, new NDList(r), training, params).head();
        NDArray identity = skip == null ? h : skip.forward(store, new NDList(h), training, params).head();
        return new NDList(identity.add(r));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        return new Shape[] {new Shape(h.get(0), outChannels, h.get(2), h.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape h = inputShapes[0];
        Shape out = getOutputShapes(inputShapes)[0];
        norm1.initialize(manager, dataType, h);
        conv1.initialize(manager, dataType, h);
        noiseProjection.initialize(manager, dataType, inputShapes[1]);
        norm2.initialize(manager, dataType, out);
        if (dropout != null) {
            dropout.initialize(manager, dataType, out);
        }
        conv2.initialize(manager, dataType, out);
        if (skip != null) {
            skip.initialize(manager, dataType, h);
        }
    }
}
