package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Group normalisation (Wu and He 2018), which DJL 0.35.1 lacks: for input [B, C, ...], the channels are split
 * into G groups of C/G; each (sample, group) is normalised to zero mean and unit (biased) variance over its
 * channels and positions, y = (x - mean)/sqrt(var + eps), then scaled and shifted per channel,
 * gamma_c y + beta_c (gamma starts at 1, beta at 0).
 *
 * <p>Implementation: the input is viewed as [B, G, C/G * positions] and normalised over the last axis with the
 * engine's fused layer normalisation (unit scale, zero shift), which computes exactly these statistics in one
 * pass and has a fused backward; the per-channel affine follows.
 */
final class GroupNorm extends AbstractBlock {

    /** PyTorch's GroupNorm default epsilon. */
    static final float EPSILON = 1e-5f;

    private final int groups;
    private final Parameter gamma;
    private final Parameter beta;

    GroupNorm(int groups) {
        super((byte) 1);
        if (groups < 1) {
            throw new IllegalArgumentException("groups must be at least 1, got " + groups);
        }
        this.groups = groups;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape shape = x.getShape();
        long channels = shape.get(1);
        long perGroup = shape.size() / (shape.get(0) * groups);
        NDArray grouped = x.reshape(shape.get(0), groups, perGroup);
        NDManager manager = x.getManager();
        Shape normalized = new Shape(perGroup);
        NDArray unitScale = manager.ones(normalized, x.getDataType(), x.getDevice());
        NDArray zeroShift = manager.zeros(normalized, x.getDataType(), x.getDevice());
        NDArray y = x.getNDArrayInternal().layerNorm(grouped, normalized, unitScale, zeroShift, EPSILON).head()
                .reshape(shape);
        long[] perChannel = new long[shape.dimension()];
        java.util.Arrays.fill(perChannel, 1L);
        perChannel[1] = channels;
        Shape affine = new Shape(perChannel);
        NDArray g = store.getValue(gamma, x.getDevice(), training).reshape(affine);
        NDArray b = store.getValue(beta, x.getDevice(), training).reshape(affine);
        return new NDList(y.mul(g).add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long channels = inputShapes[0].get(1);
        if (channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels do not split into " + groups + " groups");
        }
        gamma.setShape(new Shape(channels));
        beta.setShape(new Shape(channels));
    }
}
