package org.difflab.tck.oracle;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.difflab.api.ClosedFormData;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.Combination;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.sampling.Denoiser;
import org.difflab.api.sampling.SolverContext;

/**
 * A solver context whose denoiser is the exact posterior mean of closed-form data (or, for checks of a published
 * formula, a given denoiser), counting its calls and recording their times, with Gaussian noise from a seeded
 * {@link Rng}. Contract checks compare the NFE the {@link org.difflab.api.sampling.Integrator} counts with
 * {@link #calls()} and check {@link #callTimes()} against the process's range.
 */
public final class ExactSolverContext implements SolverContext {

    private final ForwardProcess process;
    private final Denoiser denoiser;
    private final Rng rng;
    private final List<Double> times = new ArrayList<>();
    private int noiseDraws;

    /**
     * @param process the process whose reverse is integrated
     * @param data closed-form data whose exact denoiser the solver sees
     * @param seed seed of the context's Gaussian noise
     */
    public ExactSolverContext(ForwardProcess process, ClosedFormData data, long seed) {
        this(process, new Denoiser() {
            @Override
            public NDArray denoise(NDArray x, double t) {
                return data.posteriorMean(x, PathPoint.of(process, t));
            }

            @Override
            public NDArray combined(NDArray x, double t, Combination map) {
                // folded where the data can (a Gaussian mixture does), so solvers are checked on the folded path
                return data.posteriorMean(x, PathPoint.of(process, t), Condition.NONE, map);
            }

            @Override
            public Denoised denoisedAndCombined(NDArray x, double t, Combination map) {
                return new Denoised(denoise(x, t), combined(x, t, map));
            }
        }, seed);
    }

    /**
     * @param process the process whose reverse is integrated
     * @param denoiser what the solver sees in place of the exact denoiser
     * @param seed seed of the context's Gaussian noise
     */
    public ExactSolverContext(ForwardProcess process, Denoiser denoiser, long seed) {
        this.process = process;
        this.denoiser = denoiser;
        this.rng = new Rng(seed);
    }

    @Override
    public ForwardProcess process() {
        return process;
    }

    @Override
    public Denoiser denoiser() {
        return new Denoiser() {
            @Override
            public NDArray denoise(NDArray x, double t) {
                times.add(t);
                return denoiser.denoise(x, t);
            }

            @Override
            public NDArray combined(NDArray x, double t, Combination map) {
                times.add(t);
                return denoiser.combined(x, t, map);
            }

            @Override
            public Denoised denoisedAndCombined(NDArray x, double t, Combination map) {
                times.add(t);
                return denoiser.denoisedAndCombined(x, t, map);
            }
        };
    }

    @Override
    public NDArray gaussianLike(NDArray x) {
        noiseDraws++;
        return rng.normalLike(x);
    }

    /** Denoiser calls made so far. */
    public int calls() {
        return times.size();
    }

    /** The time of every denoiser call, in order. */
    public List<Double> callTimes() {
        return List.copyOf(times);
    }

    /** How often the solver asked for Gaussian noise. */
    public int noiseDraws() {
        return noiseDraws;
    }
}
