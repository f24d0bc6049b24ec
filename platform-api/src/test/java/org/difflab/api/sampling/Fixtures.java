package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.GaussianMixture;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;

/** Fixtures of the loop's tests: two processes and a context with the exact denoiser of one Gaussian. */
final class Fixtures {

    private Fixtures() {}

    /** EDM's process: alpha = 1, sigma = t on [0, 100]. */
    static final ForwardProcess EDM = new ForwardProcess() {
        public double alpha(double t) { return 1; }
        public double sigma(double t) { return t; }
        public double alphaDot(double t) { return 0; }
        public double sigmaDot(double t) { return 1; }
        public double tMax() { return 100; }
        public double samplingStart() { return 80; }
        public double samplingEnd() { return 0.002; }
        @Override public String toString() { return "edm"; }
    };

    /** VP with beta(t) = 1: alpha = exp(-t/2), sigma = sqrt(1 - e^{-t}), t in [0, 4]. */
    static final ForwardProcess VP = new ForwardProcess() {
        public double alpha(double t) { return Math.exp(-t / 2); }
        public double sigma(double t) { return Math.sqrt(-Math.expm1(-t)); }
        public double alphaDot(double t) { return -0.5 * Math.exp(-t / 2); }
        public double sigmaDot(double t) { return 0.5 * Math.exp(-t) / Math.sqrt(-Math.expm1(-t)); }
        public double tMax() { return 4; }
        public double samplingStart() { return 4; }
        public double samplingEnd() { return 1e-3; }
        @Override public String toString() { return "vp"; }
    };

    /** Data N(mean, std^2 I) in 2-D: its PF-ODE transport is known in closed form (see {@link #transport}). */
    static final double[] MEAN = {1.5, -0.5};
    static final double STD = 0.5;
    static final GaussianMixture GAUSSIAN = GaussianMixture.single(MEAN, STD);

    /**
     * The exact PF-ODE map of one Gaussian from time from to to on {@code process}: in EDM's coordinates
     * x~ = x/alpha and noise levels s = sigma/alpha, x~ -> mean + sqrt(std^2 + s_to^2) / sqrt(std^2 + s_from^2)
     * (x~ - mean).
     */
    static NDArray transport(ForwardProcess process, NDArray x, double from, double to) {
        NDArray mean = x.getManager().create(MEAN).reshape(1, 2);
        double sFrom = process.noiseLevel(from);
        double sTo = process.noiseLevel(to);
        double ratio = Math.sqrt(STD * STD + sTo * sTo) / Math.sqrt(STD * STD + sFrom * sFrom);
        return x.div(process.alpha(from)).sub(mean).mul(ratio).add(mean).mul(process.alpha(to));
    }

    /** The exact denoiser, counting its calls and recording their times; noise from a seeded Rng. */
    static final class Context implements SolverContext {
        final List<Double> times = new ArrayList<>();
        private final ForwardProcess process;
        private final Rng rng;

        Context(long seed) {
            this(EDM, seed);
        }

        Context(ForwardProcess process, long seed) {
            this.process = process;
            this.rng = new Rng(seed);
        }

        @Override
        public ForwardProcess process() {
            return process;
        }

        @Override
        public Denoiser denoiser() {
            return (x, t) -> {
                times.add(t);
                return GAUSSIAN.posteriorMean(x, PathPoint.of(process, t));
            };
        }

        @Override
        public NDArray gaussianLike(NDArray x) {
            return rng.normalLike(x);
        }
    }
}
