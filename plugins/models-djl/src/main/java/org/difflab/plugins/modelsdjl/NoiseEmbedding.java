package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.difflab.api.math.Rng;

/**
 * Embeds the noise conditioning c_noise (shape [batch]) as [sin(w_k c + phi_k)], shape [batch, dim]: the first
 * half of the features has phase 0 (sines), the second half phase pi/2 (cosines) of the same frequencies.
 * The frequencies are fixed, not trained; they are parameters without gradient so they follow the block's
 * precision and are saved with its weights. The whole embedding is one affine op (c w^T + phi) and one sine.
 *
 * <ul>
 *   <li>Sinusoidal (Vaswani et al. 2017; DDPM's timestep embedding; EDM's PositionalEmbedding):
 *       w_k = scale 10000^(-k/half), k = 0..half-1. scale = 1 suits c_noise spanning about [0, 1000] (VP's
 *       999 t) or ln(sigma)/4 (EDM); for c_noise = t in [0, 1] (flow matching) use scale ~ 1000.</li>
 *   <li>Gaussian Fourier features (Tancik et al. 2020; Song et al. 2021, NCSN++'s GaussianFourierProjection):
 *       w_k = 2 pi W_k with W_k ~ N(0, scale^2) drawn once from a seeded {@link Rng}; Song et al. use scale 16
 *       with c_noise = ln(sigma).</li>
 * </ul>
 */
final class NoiseEmbedding extends AbstractBlock {

    /** Sinusoidal frequencies are geometric from 1 down to 1/MAX_PERIOD (Vaswani et al. 2017). */
    static final double MAX_PERIOD = 10000.0;

    private final int dim;
    private final Parameter frequencies;
    private final Parameter phases;

    private NoiseEmbedding(double[] halfFrequencies) {
        super((byte) 1);
        int half = halfFrequencies.length;
        this.dim = 2 * half;
        double[] w = new double[dim];
        double[] phi = new double[dim];
        for (int k = 0; k < half; k++) {
            w[k] = halfFrequencies[k];
            w[half + k] = halfFrequencies[k];
            phi[half + k] = 0.5 * Math.PI;   // sin(x + pi/2) = cos(x)
        }
        frequencies = addParameter(Parameter.builder().setName("frequencies").setType(Parameter.Type.OTHER)
                .optShape(new Shape(dim, 1)).optInitializer(new FixedValues(w)).optRequiresGrad(false).build());
        phases = addParameter(Parameter.builder().setName("phases").setType(Parameter.Type.OTHER)
                .optShape(new Shape(dim)).optInitializer(new FixedValues(phi)).optRequiresGrad(false).build());
    }

    /** Sinusoidal embedding of even width {@code dim}, frequencies scale 10000^(-k/half). */
    static NoiseEmbedding sinusoidal(int dim, double scale) {
        int half = checkedHalf(dim);
        double[] w = new double[half];
        for (int k = 0; k < half; k++) {
            w[k] = scale * Math.pow(MAX_PERIOD, -(double) k / half);
        }
        return new NoiseEmbedding(w);
    }

    /** Gaussian Fourier embedding of even width {@code dim}: frequencies 2 pi N(0, scale^2) drawn from {@code rng}. */
    static NoiseEmbedding fourier(int dim, double scale, Rng rng) {
        int half = checkedHalf(dim);
        double[] w = new double[half];
        for (int k = 0; k < half; k++) {
            w[k] = 2.0 * Math.PI * scale * rng.nextGaussian();
        }
        return new NoiseEmbedding(w);
    }

    private static int checkedHalf(int dim) {
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("embedding width must be even and at least 2, got " + dim);
        }
        return dim / 2;
    }

    /** Width of the embedding. */
    int dim() {
        return dim;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray c = inputs.head();
        NDArray w = store.getValue(frequencies, c.getDevice(), training);
        NDArray phi = store.getValue(phases, c.getDevice(), training);
        if (c.getDataType() != w.getDataType()) {
            c = c.toType(w.getDataType(), false);
        }
        // [batch, 1] x [dim, 1]^T + [dim]: one addmm, then one sine.
        NDArray arguments = Linear.linear(c.reshape(-1, 1), w, phi).head();
        return new NDList(arguments.sin());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }
}
