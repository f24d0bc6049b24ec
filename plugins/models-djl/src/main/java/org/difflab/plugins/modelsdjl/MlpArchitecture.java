package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.Param;
import org.difflab.api.math.Rng;
import org.pf4j.Extension;

/**
 * A multilayer perceptron for low-dimensional data: the noise embedding of c_noise is concatenated with the
 * flattened input x_in, followed by {@code depth} hidden layers of {@code width} units and a linear output
 * layer of x_in's size (see {@link MlpNetwork}). No preconditioning is built in: the network sees exactly
 * the (x_in, c_noise) the preconditioner gives it, and its output is reshaped to x_in's shape. For labelled data
 * a learned label embedding (with a null class for dropped labels) is added to the noise embedding.
 *
 * <p>The noise embedding (see {@link NoiseEmbedding}) is sinusoidal (frequencies scale 10000^(-k/half), scale
 * default 1) or Gaussian Fourier (frequencies 2 pi N(0, scale^2), scale default 16 as in Song et al. 2021,
 * drawn from {@code new Rng(seed)}, default seed 0). Weights use DJL's defaults (He-normal weights, zero biases)
 * drawn from the engine's seeded generator ({@code Engine.setRandomSeed}). Works in float32 and float64:
 * the precision is the one the block is initialised with.
 */
@Extension
@Component(id = "mlp", summary = "MLP on [x_in, embedding(c_noise)] for low-dimensional data (sinusoidal or Fourier embedding)")
public final class MlpArchitecture implements ModelArchitecture {

    /** Options of {@link MlpArchitecture}. */
    public record Options(
            @Param(doc = "units per hidden layer", defaultValue = "256", min = 1) int width,
            @Param(doc = "number of hidden layers", defaultValue = "4", min = 1) int depth,
            @Param(doc = "noise embedding: sinusoidal (fixed geometric frequencies) or fourier (fixed random"
                    + " Gaussian frequencies)", defaultValue = "sinusoidal") NoiseEmbeddingType embedding,
            @Param(doc = "width of the noise embedding (even)", defaultValue = "64", min = 2) int embeddingDim,
            @Param(doc = "frequency scale: for sinusoidal a factor on every frequency (default 1; ~1000 for"
                    + " c_noise = t in [0, 1]); for fourier the standard deviation of the random frequencies"
                    + " in cycles per unit of c_noise (default 16)", min = 0, exclusiveMin = true) Double scale,
            @Param(doc = "seed of the Rng drawing the Fourier frequencies (default 0); fourier only") Long seed,
            @Param(doc = "nonlinearity: silu, gelu or relu", defaultValue = "silu") Nonlinearity activation) {

        public Options {
            if (embeddingDim % 2 != 0) {
                throw new InvalidOptionException("embedding_dim", "embedding_dim must be even (half sines, half"
                        + " cosines), got " + embeddingDim);
            }
            if (embedding == NoiseEmbeddingType.SINUSOIDAL && seed != null) {
                throw new InvalidOptionException("seed", "seed applies to embedding: fourier only; the"
                        + " sinusoidal embedding has no random frequencies");
            }
        }
    }

    /** Default Fourier frequency scale (Song et al. 2021, NCSN++ fourier_scale = 16). */
    static final double DEFAULT_FOURIER_SCALE = 16.0;

    private final Options options;

    /** An MLP with the given size and embedding. */
    public MlpArchitecture(Options options) {
        this.options = options;
    }

    @Override
    public Block build(Shape sampleShape, int classes) {
        if (sampleShape.dimension() == 0 || sampleShape.size() < 1) {
            throw new IllegalArgumentException("the mlp needs samples with at least one value; got shape "
                    + sampleShape);
        }
        NoiseEmbedding embedding = switch (options.embedding()) {
            case SINUSOIDAL -> NoiseEmbedding.sinusoidal(options.embeddingDim(),
                    options.scale() != null ? options.scale() : 1.0);
            case FOURIER -> NoiseEmbedding.fourier(options.embeddingDim(),
                    options.scale() != null ? options.scale() : DEFAULT_FOURIER_SCALE,
                    new Rng(options.seed() != null ? options.seed() : 0L));
        };
        return new MlpNetwork(sampleShape, options.width(), options.depth(), options.activation(), embedding,
                classes);
    }

    @Override
    public String toString() {
        return "mlp" + options;
    }
}
