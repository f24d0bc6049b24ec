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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A small DDPM-style U-Net (Ho et al. 2020) for images [C, H, W]:
 * <ul>
 *   <li>noise embedding: sinusoidal(c_noise) of width {@code channels} (plus a learned label embedding for
 *       labelled data, with a null class for dropped labels), then Linear(4 channels), activation,
 *       Linear(4 channels), activation; the result is added (through a per-block Linear) in every residual
 *       block;</li>
 *   <li>a 3x3 stem convolution to {@code channels};</li>
 *   <li>down path: per level i, {@code blocks} residual blocks to channels * mult[i], then (except at the last
 *       level) a stride-2 3x3 convolution; every output is kept as a skip;</li>
 *   <li>middle: residual block, optional self-attention, residual block, at the lowest resolution;</li>
 *   <li>up path: per level in reverse, blocks + 1 residual blocks each taking the concatenation of the current
 *       map and one skip, then (except at the first level) nearest-neighbour doubling and a 3x3 convolution;</li>
 *   <li>output: GroupNorm, activation, 3x3 convolution back to C channels.</li>
 * </ul>
 */
final class UNetNetwork extends AbstractBlock {

    private final Shape sampleShape;
    private final Nonlinearity activation;
    private final NoiseEmbedding embedding;
    private final LabelEmbedding labels;
    private final Linear embeddingHidden;
    private final Linear embeddingOut;
    private final Conv2d stem;
    /** ResidualBlock or halving Conv2d, in order. */
    private final List<Block> down = new ArrayList<>();
    private final ResidualBlock middle1;
    private final SelfAttention attention;
    private final ResidualBlock middle2;
    /** ResidualBlock (input concatenated with a skip) or Upsample, in order. */
    private final List<Block> up = new ArrayList<>();
    private final GroupNorm outNorm;
    private final Conv2d outConv;

    UNetNetwork(Shape sampleShape, UNetArchitecture.Options o, int classes) {
        super((byte) 1);
        this.sampleShape = sampleShape;
        this.activation = o.activation();
        int base = o.channels();
        int[] mult = o.channelMult();
        int groups = o.groups();
        float dropout = (float) o.dropout();
        int embeddingWidth = 4 * base;
        embedding = addChildBlock("embedding", NoiseEmbedding.sinusoidal(base, o.scale()));
        labels = classes > 0 ? addChildBlock("labels", new LabelEmbedding(classes, base)) : null;
        embeddingHidden = addChildBlock("embedding_hidden", Linear.builder().setUnits(embeddingWidth).build());
        embeddingOut = addChildBlock("embedding_out", Linear.builder().setUnits(embeddingWidth).build());
        stem = addChildBlock("stem", Convolutions.same3x3(base));

        Deque<Integer> skipChannels = new ArrayDeque<>();
        int c = base;
        skipChannels.push(c);
        for (int level = 0; level < mult.length; level++) {
            for (int j = 0; j < o.blocks(); j++) {
                ResidualBlock block = new ResidualBlock(c, base * mult[level], groups, dropout, activation);
                down.add(addChildBlock("down" + level + "_res" + j, block));
                c = block.outChannels();
                skipChannels.push(c);
            }
            if (level < mult.length - 1) {
                down.add(addChildBlock("down" + level + "_halve", Convolutions.halving3x3(c)));
                skipChannels.push(c);
            }
        }
        middle1 = addChildBlock("middle_res0", new ResidualBlock(c, c, groups, dropout, activation));
        attention = o.attention() ? addChildBlock("middle_attention", new SelfAttention(c, groups)) : null;
        middle2 = addChildBlock("middle_res1", new ResidualBlock(c, c, groups, dropout, activation));
        for (int level = mult.length - 1; level >= 0; level--) {
            for (int j = 0; j < o.blocks() + 1; j++) {
                ResidualBlock block = new ResidualBlock(c + skipChannels.pop(), base * mult[level], groups, dropout,
                        activation);
                up.add(addChildBlock("up" + level + "_res" + j, block));
                c = block.outChannels();
            }
            if (level > 0) {
                up.add(addChildBlock("up" + level + "_double", new Upsample(c)));
            }
        }
        outNorm = addChildBlock("out_norm", new GroupNorm(groups));
        outConv = addChildBlock("out_conv", Convolutions.same3x3(Math.toIntExact(sampleShape.get(0))));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray e = embedding.forward(store, new NDList(MlpNetwork.matchType(inputs.get(1), x)), training, params)
                .head();
        if (labels != null) {
            e = e.add(labels.forward(store, new NDList(inputs.get(2)), training, params).head());
        }
        e = activation.apply(embeddingHidden.forward(store, new NDList(e), training, params).head());
        // Activated once here; DDPM applies the same activation at the start of every block's projection.
        e = activation.apply(embeddingOut.forward(store, new NDList(e), training, params).head());

        NDArray h = stem.forward(store, new NDList(x), training, params).head();
        Deque<NDArray> skips = new ArrayDeque<>();
        skips.push(h);
        for (Block block : down) {
            NDList in = block instanceof ResidualBlock ? new NDList(h, e) : new NDList(h);
            h = block.forward(store, in, training, params).head();
            skips.push(h);
        }
        h = middle1.forward(store, new NDList(h, e), training, params).head();
        if (attention != null) {
            h = attention.forward(store, new NDList(h), training, params).head();
        }
        h = middle2.forward(store, new NDList(h, e), training, params).head();
        for (Block block : up) {
            NDList in = block instanceof ResidualBlock ? new NDList(h.concat(skips.pop(), 1), e) : new NDList(h);
            h = block.forward(store, in, training, params).head();
        }
        h = activation.apply(outNorm.forward(store, new NDList(h), training, params).head());
        return outConv.forward(store, new NDList(h), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int expected = labels != null ? 3 : 2;
        if (inputShapes.length != expected || !inputShapes[0].slice(1).equals(sampleShape)) {
            throw new IllegalArgumentException("this network takes (x_in [batch, " + sampleShape
                    + "], c_noise [batch]" + (labels != null ? ", labels [batch]" : "") + "); got "
                    + java.util.Arrays.toString(inputShapes));
        }
        Shape x = inputShapes[0];
        embedding.initialize(manager, dataType, inputShapes[1]);
        if (labels != null) {
            labels.initialize(manager, dataType, inputShapes[2]);
        }
        Shape e = initialized(embeddingHidden, manager, dataType, embedding.getOutputShapes(
                new Shape[] {inputShapes[1]})[0]);
        e = initialized(embeddingOut, manager, dataType, e);

        Shape h = initialized(stem, manager, dataType, x);
        Deque<Shape> skips = new ArrayDeque<>();
        skips.push(h);
        for (Block block : down) {
            h = block instanceof ResidualBlock ? initialized(block, manager, dataType, h, e)
                    : initialized(block, manager, dataType, h);
            skips.push(h);
        }
        h = initialized(middle1, manager, dataType, h, e);
        if (attention != null) {
            h = initialized(attention, manager, dataType, h);
        }
        h = initialized(middle2, manager, dataType, h, e);
        for (Block block : up) {
            if (block instanceof ResidualBlock) {
                Shape skip = skips.pop();
                Shape joined = new Shape(h.get(0), h.get(1) + skip.get(1), h.get(2), h.get(3));
                h = initialized(block, manager, dataType, joined, e);
            } else {
                h = initialized(block, manager, dataType, h);
            }
        }
        h = initialized(outNorm, manager, dataType, h);
        initialized(outConv, manager, dataType, h);
    }

    /** Initialises {@code block} for {@code inputs} and returns its (first) output shape. */
    private static Shape initialized(Block block, NDManager manager, DataType dataType, Shape... inputs) {
        block.initialize(manager, dataType, inputs);
        return block.getOutputShapes(inputs)[0];
    }
}
