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
import org.difflab.api.math.Rng;

/**
 * Embeds the noise conditioning c_noise (shape [batch]) as [sin(w_k c + phi_k)], shape [batch, dim]: the first
 * half of the features has phase 0 (sines), the second half phase pi/2 (cosines) of the same frequencies.
 * The frequencies are fixed constants of the architecture, not weights: the block has no parameters, so an
 * optimizer cannot move them and saved weights do not carry them (they follow from the options, including the
 * seed). They are materialised per call in c_noise's data type on c_noise's manager (a few hundred bytes); the
 * whole embedding is then one affine op (c w^T + phi) and one sine.
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
    private final double[] frequencies;
    private final double[] phases;
    private final float[] frequencies32;
    private final float[] phases32;

    private NoiseEmbedding(double[] halfFrequencies) {
        super((byte) 1);
        int half = halfFrequencies.length;
        this.dim = 2 * half;
        frequencies = new double[dim];
        phases = new double[dim];
        for (int k = 0; k < half; k++) {
            frequencies[k] = halfFrequencies[k];
            frequencies[half + k] = halfFrequencies[k];
            phases[half + k] = 0.5 * Math.PI;   // sin(x + pi/2) = cos(x)
        }
        frequencies32 = narrow(frequencies);
        phases32 = narrow(phases);
    }

    private static float[] narrow(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
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

    /** The frequencies w_k of the dim features (each half-frequency appears twice: sine, then cosine). */
    double[] frequencies() {
        return frequencies.clone();
    }

    /** @param inputs c_noise of shape [batch], in the data type the embedding should have */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray c = inputs.head();
        NDManager manager = c.getManager();
        NDArray w;
        NDArray phi;
        if (c.getDataType() == DataType.FLOAT32) {
            w = manager.create(frequencies32, new Shape(dim, 1));
            phi = manager.create(phases32);
        } else {
            w = manager.create(frequencies, new Shape(dim, 1)).toType(c.getDataType(), false);
            phi = manager.create(phases).toType(c.getDataType(), false);
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
