package org.difflab.api.math;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * The platform's seeded random source. Draws are made in Java (SplitMix64 and Box-Muller with
 * StrictMath), so the same seed gives the same numbers on any machine, engine, thread count or
 * precision. Not thread-safe: {@link #split(long)} gives independent streams.
 */
public final class Rng {

    private final long seed;
    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpare;

    /** A stream determined by {@code seed}. */
    public Rng(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The seed this stream started from. */
    public long seed() {
        return seed;
    }

    /** An independent stream determined by this stream's seed and {@code stream} (not by draws made so far). */
    public Rng split(long stream) {
        return new Rng(mix(seed ^ mix(stream + 0x9E3779B97F4A7C15L)));
    }

    /** Uniform on [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform integer on [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Standard normal (Box-Muller). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1;
        do {
            u1 = random.nextDouble();
        } while (u1 == 0.0);
        double u2 = random.nextDouble();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double angle = 2.0 * StrictMath.PI * u2;
        spareGaussian = radius * StrictMath.sin(angle);
        hasSpare = true;
        return radius * StrictMath.cos(angle);
    }

    /** Fills a new array with standard normal draws. */
    public double[] gaussians(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = nextGaussian();
        }
        return out;
    }

    /** An array of standard normal draws of the given shape and type, on {@code manager}. */
    public NDArray normal(NDManager manager, Shape shape, DataType type) {
        double[] draws = gaussians(Math.toIntExact(shape.size()));
        if (type == DataType.FLOAT32) {
            float[] f = new float[draws.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) draws[i];
            }
            return manager.create(f, shape);
        }
        return manager.create(draws, shape).toType(type, false);
    }

    /** Standard normal draws shaped and typed like {@code like}, on its manager. */
    public NDArray normalLike(NDArray like) {
        return normal(like.getManager(), like.getShape(), like.getDataType());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
