package org.difflab.core.schedule;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.Ramp;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.NoiseLevels;
import org.difflab.core.run.Sampler;
import org.difflab.core.run.Samples;

/**
 * Finds the N-step grid on which a solver comes closest to the exact probability-flow ODE endpoints.
 *
 * <p>The grid keeps the spec's first and last noise levels sigma_0 &gt; sigma_{N-1} (and the final step to the data
 * end); the N - 2 levels between are free. They are written as increments of log sigma,
 * d_j = (ln sigma_0 - ln sigma_{N-1}) w_j / sum w, w_j = e^{theta_j}, theta_0 = 0, so that every theta is a valid
 * strictly decreasing grid with the ends held, and theta is searched by Nelder-Mead with restarts. The objective is
 * the RMS distance of the solver's endpoints to the exact ones on one set of noise draws; the grid is judged on
 * another (held-out) set.
 *
 * <p>Why a derivative-free search rather than dynamic programming over per-step errors: the error of a multistep
 * solver (DPM-Solver++(2M), UniPC, LMS, ...) at a step depends on the earlier steps it reuses, so the end error is not
 * a sum of per-step costs that DP could minimise; the endpoint error of the whole solve is the quantity wanted, and
 * with N - 2 &le; 8 free levels a simplex search on it takes seconds.
 */
public final class ScheduleOptimizer {

    /** Standard-normal draws with the exact ODE endpoints of the states they start from. */
    public record Draws(double[] z, int count, double[] exact) {}

    /** A grid: its name, N noise levels (descending), N + 1 times, RMS on the optimisation and held-out draws. */
    public record Candidate(String name, double[] levels, double[] times, double rms, double heldOutRms) {}

    /** The optimised grid against the hand-made ones, all with N steps. */
    public record Outcome(int steps, int nfe, Candidate optimised, List<Candidate> baselines, int evaluations) {}

    private final ForwardProcess process;
    private final Sampler sampler;
    private final Shape sampleShape;
    private final long solverSeed;
    private final double t0;
    private final double tLast;

    /**
     * @param sampler the spec's solver, model and prior
     * @param t0 first time of the grid (the spec's)
     * @param tLast last time before the final step (the spec's)
     * @param solverSeed seed of a stochastic solver's draws (the same draws for every grid)
     */
    public ScheduleOptimizer(ForwardProcess process, Sampler sampler, Shape sampleShape, double t0, double tLast,
            long solverSeed) {
        this.process = process;
        this.sampler = sampler;
        this.sampleShape = sampleShape;
        this.t0 = t0;
        this.tLast = tLast;
        this.solverSeed = solverSeed;
    }

    /** The largest step count N whose NFE is at most {@code nfe} (the solver's own count, measured), or 0. */
    public int stepsWithin(int nfe, Draws probe) {
        for (int steps = nfe; steps >= 1; steps--) {
            Samples samples = run(karras(steps).times, new Draws(probe.z(), 1, probe.exact()));
            if (samples != null && samples.nfe() <= nfe) {
                return steps;
            }
        }
        return 0;
    }

    /** The NFE of an N-step grid. */
    public int nfe(int steps, Draws probe) {
        Samples samples = run(karras(steps).times, new Draws(probe.z(), 1, probe.exact()));
        return samples == null ? -1 : samples.nfe();
    }

    /**
     * Optimises N levels on {@code train}, starting from the best hand-made grid, and reports every grid on both sets.
     *
     * @param evaluations budget of objective evaluations
     */
    public Outcome optimise(int steps, Draws train, Draws heldOut, int evaluations) {
        List<Candidate> baselines = new ArrayList<>();
        for (Candidate hand : List.of(karras(steps), logSnr(steps), uniform(steps))) {
            baselines.add(scored(hand, train, heldOut));
        }
        Candidate start = baselines.stream().min(java.util.Comparator.comparingDouble(Candidate::rms)).orElseThrow();
        double[] theta = theta(start.levels);
        int used = 0;
        double best = start.rms;
        // restarts from the best point with a fresh simplex: the simplex shrinks into narrow valleys otherwise
        for (int round = 0; round < 4 && used < evaluations; round++) {
            NelderMead.Result result = NelderMead.minimize(t -> rms(grid(levels(t, steps)), train), theta,
                    round == 0 ? 0.5 : 0.2, Math.max(1, (evaluations - used) / (4 - round)), 1e-12);
            used += result.evaluations();
            if (result.value() < best) {
                best = result.value();
                theta = result.point();
            }
        }
        double[] levels = levels(theta, steps);
        Candidate optimised = scored(new Candidate("optimised", levels, grid(levels), 0, 0), train, heldOut);
        return new Outcome(steps, nfe(steps, train), optimised, baselines, used);
    }

    private Candidate scored(Candidate c, Draws train, Draws heldOut) {
        return new Candidate(c.name, c.levels, c.times, rms(c.times, train), rms(c.times, heldOut));
    }

    /** Karras et al.'s rho = 7 levels between the ends. */
    public Candidate karras(int steps) {
        double[] levels = steps == 1 ? new double[] {sigma0()} : NoiseLevels.karras(steps, sigmaLast(), sigma0(), 7);
        return new Candidate("karras (rho 7)", levels, grid(levels), Double.NaN, Double.NaN);
    }

    /** Uniform in log sigma (half log-SNR) between the ends. */
    public Candidate logSnr(int steps) {
        double[] levels = steps == 1 ? new double[] {sigma0()} : NoiseLevels.geometric(steps, sigmaLast(), sigma0());
        return new Candidate("log-snr", levels, grid(levels), Double.NaN, Double.NaN);
    }

    /** Uniform in the process's time between the ends. */
    public Candidate uniform(int steps) {
        double[] times = steps == 1 ? new double[] {t0} : Ramp.linspace(t0, tLast, steps);
        double[] levels = new double[steps];
        for (int i = 0; i < steps; i++) {
            levels[i] = process.noiseLevel(times[i]);
        }
        levels[0] = sigma0();
        if (steps > 1) {
            levels[steps - 1] = sigmaLast();
        }
        return new Candidate("uniform-time", levels, grid(levels), Double.NaN, Double.NaN);
    }

    private double sigma0() {
        return process.noiseLevel(t0);
    }

    private double sigmaLast() {
        return process.noiseLevel(tLast);
    }

    /** The grid of N levels: the ends at the spec's own times, the others through the process's inverse. */
    double[] grid(double[] levels) {
        int steps = levels.length;
        double[] times = new double[steps + 1];
        times[0] = t0;
        for (int i = 1; i < steps - 1; i++) {
            times[i] = process.timeAtNoiseLevel(levels[i]);
        }
        if (steps > 1) {
            times[steps - 1] = tLast;
        }
        times[steps] = process.tMin();
        return times;
    }

    /** Levels from the free parameters: log-sigma increments proportional to e^theta, theta_0 = 0. */
    double[] levels(double[] free, int steps) {
        if (steps <= 2) {
            return steps == 1 ? new double[] {sigma0()} : new double[] {sigma0(), sigmaLast()};
        }
        double[] weights = new double[steps - 1];
        double sum = 0;
        for (int j = 0; j < weights.length; j++) {
            weights[j] = Math.exp(j == 0 ? 0.0 : Math.max(-30, Math.min(30, free[j - 1])));
            sum += weights[j];
        }
        double span = Math.log(sigma0()) - Math.log(sigmaLast());
        double[] levels = new double[steps];
        double log = Math.log(sigma0());
        levels[0] = sigma0();
        for (int i = 1; i < steps - 1; i++) {
            log -= span * weights[i - 1] / sum;
            levels[i] = Math.exp(log);
        }
        levels[steps - 1] = sigmaLast();
        return levels;
    }

    /** The free parameters of N levels (inverse of {@link #levels}). */
    static double[] theta(double[] levels) {
        int steps = levels.length;
        if (steps <= 2) {
            return new double[0];
        }
        double first = Math.log(levels[0]) - Math.log(levels[1]);
        double[] theta = new double[steps - 2];
        for (int j = 1; j < steps - 1; j++) {
            theta[j - 1] = Math.log((Math.log(levels[j]) - Math.log(levels[j + 1])) / first);
        }
        return theta;
    }

    /** RMS per coordinate of the solver's endpoints against the exact ones; +infinity where the solve fails. */
    public double rms(double[] times, Draws draws) {
        Samples samples = run(times, draws);
        if (samples == null) {
            return Double.POSITIVE_INFINITY;
        }
        double[] x = samples.values();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double diff = x[i] - draws.exact()[i];
            sum += diff * diff;
        }
        return Math.sqrt(sum / x.length);
    }

    /** The solver's endpoints on {@code times} from the draws {@code z} (for a reference solve). */
    public double[] endpoints(double[] times, double[] z, int count) {
        Samples samples = run(times, new Draws(z, count, null));
        if (samples == null) {
            throw new IllegalStateException("the reference solve failed on its " + (times.length - 1) + "-step grid");
        }
        return samples.values();
    }

    private Samples run(double[] times, Draws draws) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return sampler.sample(manager, times, Sampler.InitialNoise.from(draws.z()), null, sampleShape,
                    draws.count(), draws.count(), DataType.FLOAT64, new Rng(solverSeed), null, done -> { });
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;   // a grid the solver rejects or diverges on (e.g. times equal after round-off)
        }
    }
}
