package org.difflab.plugins.modelsdjl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Arrays;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.ModelArchitecture;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * A small U-Net for images [C, H, W] in the style of DDPM (Ho et al. 2020): residual blocks with GroupNorm and
 * the noise embedding added in each, stride-2 downsampling, nearest-neighbour upsampling, skip connections
 * by concatenation, and optional single-head self-attention at the lowest resolution (see
 * {@link UNetNetwork}). No preconditioning is built in. The defaults (32 channels, levels [1, 2], one block per
 * level) keep a training step on 28x28 images affordable on a CPU. H and W must be divisible by
 * 2^(levels - 1). Weights use DJL's defaults (He-normal), drawn from the engine's seeded generator.
 */
@Extension
@Component(id = "unet", summary = "small DDPM-style U-Net for [C, H, W] images (GroupNorm, residual blocks, optional attention)")
public final class UNetArchitecture implements ModelArchitecture {

    /** Options of {@link UNetArchitecture}. */
    public record Options(
            @Param(doc = "base number of channels (the first level's width)", defaultValue = "32", min = 1)
            int channels,
            @Param(doc = "channel multiplier per resolution level; one halving between consecutive levels",
                    defaultValue = "[1, 2]", min = 1) int[] channelMult,
            @Param(doc = "residual blocks per level on the down path (the up path has one more)",
                    defaultValue = "1", min = 1) int blocks,
            @Param(doc = "GroupNorm groups; must divide channels", defaultValue = "8", min = 1)
            int groups,
            @Param(doc = "single-head self-attention at the lowest resolution", defaultValue = "false")
            boolean attention,
            @Param(doc = "dropout rate inside residual blocks (training only)", defaultValue = "0", min = 0,
                    max = 1, exclusiveMax = true) double dropout,
            @Param(doc = "factor on the sinusoidal noise-embedding frequencies (1 for c_noise spanning ~[0, 1000]"
                    + " or ln(sigma)/4; ~1000 for c_noise = t in [0, 1])", defaultValue = "1", min = 0,
                    exclusiveMin = true) double scale,
            @Param(doc = "nonlinearity: silu, gelu or relu", defaultValue = "silu") Nonlinearity activation) {

        public Options {
            if (channelMult.length == 0) {
                throw new InvalidOptionException("channel_mult", "channel_mult needs at least one level, e.g. [1, 2]");
            }
            channelMult = channelMult.clone();
            // Every width in the network is a multiple of channels, so this covers all GroupNorms.
            if (channels % groups != 0) {
                throw new InvalidOptionException("groups", "groups (" + groups + ") must divide channels ("
                        + channels + ")");
            }
        }

        @Override
        public int[] channelMult() {
            return channelMult.clone();
        }

        @Override
        public String toString() {
            return "Options[channels=" + channels + ", channel_mult=" + Arrays.toString(channelMult) + ", blocks="
                    + blocks + ", groups=" + groups + ", attention=" + attention + ", dropout=" + dropout
                    + ", scale=" + scale + ", activation=" + activation + "]";
        }
    }

    private final Options options;

    /** A U-Net with the given widths. */
    public UNetArchitecture(Options options) {
        this.options = options;
    }

    @Override
    public Block build(Shape sampleShape, int classes) {
        if (sampleShape.dimension() != 3) {
            throw new IllegalArgumentException("the unet takes images [C, H, W]; got sample shape " + sampleShape);
        }
        long factor = 1L << (options.channelMult().length - 1);
        if (sampleShape.get(1) % factor != 0 || sampleShape.get(2) % factor != 0) {
            throw new IllegalArgumentException("image size " + sampleShape.get(1) + "x" + sampleShape.get(2)
                    + " must be divisible by " + factor + " for " + options.channelMult().length
                    + " levels (channel_mult); use fewer levels");
        }
        return new UNetNetwork(sampleShape, options, classes);
    }

    @Override
    public String toString() {
        return "unet" + options;
    }
}
