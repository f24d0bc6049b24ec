package org.difflab.core.schedule;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.Ramp;
import org.difflab.api.math.Rng;
import org.difflab.api.sampling.FittableSolver;
import org.difflab.api.sampling.WeightCorrections;
import org.difflab.api.sampling.NoiseLevels;
import org.difflab.core.run.Sampler;
import org.difflab.core.run.Samples;

/**
 * Finds the N-step grid on which a solver comes closest to the exact probability-flow ODE endpoints.
 *
 * <p>The grid keeps the spec's first and last noise levels sigma_0 &gt; sigma_{N-1} (and the final step to the data
 * end); the N - 2 levels between are free. They are written as increments of log sigma,
 * d_j = (ln sigma_0 - ln sigma_{N-1}) w_j / sum w, w_j = e^{theta_j}, theta_0 = 0, so that every theta is a valid
 * strictly decreasing grid with the ends held. The objective is the mean square distance of the solver's endpoints
 * to the exact ones on one set of noise draws, a sum of squares of per-draw, per-coordinate residuals, minimised by
 * Levenberg-Marquardt (a Gauss-Newton step on the residuals, with a forward-difference Jacobian) from each of the
 * hand-made grids (karras, log-snr, uniform); the best on the optimisation draws is kept and judged on another
 * (held-out) set. For a {@link FittableSolver} the solver's per-step weight corrections ({@link WeightCorrections})
 * can be fitted with the grid, from the optimised grid and zero corrections (the solver's own weights).
 *
 * <p>Why a local least-squares search rather than dynamic programming over per-step errors: the error of a multistep
 * solver (DPM-Solver++(2M), UniPC, LMS, ...) at a step depends on the earlier steps it reuses, so the end error is not
 * a sum of per-step costs that DP could minimise; the endpoint error of the whole solve is the quantity wanted.
 * Least squares on the residuals uses what a scalar search (Nelder-Mead on the RMS, used before) throws away: each
 * draw's error and how it moves with every level, so one Jacobian (N - 2 solves) gives a Gauss-Newton step toward
 * the minimum instead of a simplex move; restarts from three grids guard against a poor local minimum.
 */
public final class ScheduleOptimizer {

    /** Standard-normal draws with the exact ODE endpoints of the states they start from. */
    public record Draws(double[] z, int count, double[] exact) {}

    /**
     * A grid: its name, N noise levels (descending), N + 1 times, the solver's weight corrections on it (null: its
     * own weights), RMS on the optimisation and held-out draws.
     */
    public record Candidate(String name, double[] levels, double[] times, WeightCorrections corrections, double rms,
            double heldOutRms) {

        Candidate(String name, double[] levels, double[] times) {
            this(name, levels, times, null, Double.NaN, Double.NaN);
        }
    }

    /**
     * The optimised grid against the hand-made ones, all with N steps; with fitted weights, {@code fitted} is the
     * optimised grid with them and {@code optimised} the grid with the solver's own weights (their initialisation);
     * else fitted is null.
     */
    public record Outcome(int steps, int nfe, Candidate optimised, Candidate fitted, List<Candidate> baselines,
            int evaluations) {

        /** The grid (and weights) to write: fitted if any, else optimised. */
        public Candidate best() {
            return fitted != null ? fitted : optimised;
        }
    }

    private final ForwardProcess process;
    /** The sampler of the spec's solver for null, of its corrected version for given corrections. */
    private final Function<WeightCorrections, Sampler> samplers;
    private final Shape sampleShape;
    private final long solverSeed;
    private final double t0;
    private final double tLast;
    /** Where a long fit reports its progress (null: nowhere). */
    private PrintStream progress;

    /**
     * @param sampler the spec's solver, model and prior
     * @param t0 first time of the grid (the spec's)
     * @param tLast last time before the final step (the spec's)
     * @param solverSeed seed of a stochastic solver's draws (the same draws for every grid)
     */
    public ScheduleOptimizer(ForwardProcess process, Sampler sampler, Shape sampleShape, double t0, double tLast,
            long solverSeed) {
        this(process, corrections -> sampler, sampleShape, t0, tLast, solverSeed);
    }

    /**
     * @param samplers the spec's sampler for null; for corrections, the sampler of the spec's
     *     {@link FittableSolver#withCorrections} (only asked when weights are fitted)
     */
    public ScheduleOptimizer(ForwardProcess process, Function<WeightCorrections, Sampler> samplers, Shape sampleShape,
            double t0, double tLast, long solverSeed) {
        this.process = process;
        this.samplers = samplers;
        this.sampleShape = sampleShape;
        this.t0 = t0;
        this.tLast = tLast;
        this.solverSeed = solverSeed;
    }

    /** Reports the progress of long fits to {@code out}: a line at most every 30 s ({@link FitProgress}). */
    public ScheduleOptimizer reportingProgressTo(PrintStream out) {
        this.progress = out;
        return this;
    }

    /** The largest step count N whose NFE is at most {@code nfe} (the solver's own count, measured), or 0. */
    public int stepsWithin(int nfe, Draws probe) {
        for (int steps = nfe; steps >= 1; steps--) {
            Samples samples = run(karras(steps).times, null, new Draws(probe.z(), 1, probe.exact()));
            if (samples != null && samples.nfe() <= nfe) {
                return steps;
            }
        }
        return 0;
    }

    /** The NFE of an N-step grid. */
    public int nfe(int steps, Draws probe) {
        Samples samples = run(karras(steps).times, null, new Draws(probe.z(), 1, probe.exact()));
        return samples == null ? -1 : samples.nfe();
    }

    /**
     * Optimises N levels on {@code train} by Levenberg-Marquardt from each hand-made grid, then, if
     * {@code base} is given, the levels and the solver's weight corrections of that base method together; reports every
     * grid on both sets.
     *
     * @param evaluations budget of solves of the optimisation draws (half for the weights when they are fitted)
     */
    public Outcome optimise(int steps, Draws train, Draws heldOut, int evaluations, String base) {
        return optimise(steps, train, heldOut, evaluations, base, OptionalDouble.empty());
    }

    /**
     * The same; with {@code cauchyK} given (and weights fitted), the fit of the levels and weights together minimises
     * the {@link CauchyLoss} of the draws' squared errors, c^2 = K times the median draw's at its start (the optimised
     * grid with the solver's own weights), instead of their sum; the grid-only fit before it stays least squares. The
     * RMS reported for every grid stays the plain one.
     */
    public Outcome optimise(int steps, Draws train, Draws heldOut, int evaluations, String base,
            OptionalDouble cauchyK) {
        boolean fitWeights = base != null;
        List<Candidate> baselines = new ArrayList<>();
        for (Candidate hand : List.of(karras(steps), logSnr(steps), uniform(steps))) {
            baselines.add(scored(hand, train, heldOut));
        }
        FitProgress fit = new FitProgress(progress, steps + "-step grid" + (fitWeights ? " and weights" : ""),
                evaluations);
        int gridBudget = fitWeights ? evaluations / 2 : evaluations;
        int used = 0;
        double[] theta = theta(baselines.get(0).levels);   // kept if the solver fails on every grid tried
        double best = Double.POSITIVE_INFINITY;
        for (int start = 0; start < baselines.size(); start++) {
            int budget = (gridBudget - used) / (baselines.size() - start);
            LevenbergMarquardt.Result result = LevenbergMarquardt.minimize(
                    t -> fit.solved(residuals(grid(levels(t, steps)), null, train)),
                    theta(baselines.get(start).levels), budget, 1e-6);
            used += result.evaluations();
            if (result.sumOfSquares() < best) {
                best = result.sumOfSquares();
                theta = result.point();
            }
        }
        double[] levels = levels(theta, steps);
        Candidate optimised = scored(new Candidate("optimised", levels, grid(levels)), train, heldOut);
        Candidate fitted = null;
        if (fitWeights) {
            int free = theta.length;
            int[][] entries = freeCorrections(steps);
            double[] start = java.util.Arrays.copyOf(theta, free + entries.length);
            Function<double[], double[]> r = p -> fit.solved(residuals(grid(levels(p, steps)),
                    corrections(base, p, free, entries, steps), train));
            if (cauchyK.isPresent()) {
                r = robust(r, start, train, cauchyK.getAsDouble());
                used++;   // the solve at the start that set c^2
            }
            LevenbergMarquardt.Result result = LevenbergMarquardt.minimize(r, start, evaluations - used, 1e-6);
            used += result.evaluations();
            double[] p = result.point();
            double[] fittedLevels = levels(p, steps);
            fitted = scored(new Candidate("optimised + weights", fittedLevels, grid(fittedLevels),
                    corrections(base, p, free, entries, steps), 0, 0), train, heldOut);
        }
        return new Outcome(steps, nfe(steps, train), optimised, fitted, baselines, used);
    }

    /**
     * The residuals {@code plain} under the Cauchy loss with c^2 = k times the median draw's squared error at
     * {@code start}; reports the scale as per-draw RMS (what optimize-schedule prints for the held-out draws).
     */
    private Function<double[], double[]> robust(Function<double[], double[]> plain, double[] start, Draws train,
            double k) {
        double[] atStart = plain.apply(start);
        if (atStart == null) {
            throw new IllegalStateException("the solver fails at the start of the weight fit; no scale for the"
                    + " Cauchy loss");
        }
        CauchyLoss loss = CauchyLoss.scaledToMedian(k, atStart, train.count());
        if (progress != null) {
            // e carries 1/(count * dims): a draw's RMS over its coordinates is sqrt(e * count)
            double medianRms = Math.sqrt(loss.scaleSquared() / k * train.count());
            progress.printf(Locale.ROOT, "  Cauchy loss: median draw at the start off by RMS %.4g; c = sqrt(%s) x"
                    + " that = RMS %.4g; a draw off by RMS x counts with weight 1 / (1 + (x/c)^2)%n", medianRms,
                    k, medianRms * Math.sqrt(k));
        }
        return p -> loss.rescaled(plain.apply(p), train.count());
    }

    /**
     * The (step, k) of each correction fitted on an N-step grid: those whose earlier output exists, on every step but
     * the last (the step to the data end, where the solver returns x0_hat).
     */
    static int[][] freeCorrections(int steps) {
        List<int[]> entries = new ArrayList<>();
        for (int i = 0; i < steps - 1; i++) {
            for (int k = 0; k < WeightCorrections.PER_STEP; k++) {
                if (WeightCorrections.exists(i, k)) {
                    entries.add(new int[] {i, k});
                }
            }
        }
        return entries.toArray(int[][]::new);
    }

    /** The corrections in p[free...] on the grid of p's levels. */
    private WeightCorrections corrections(String base, double[] p, int free, int[][] entries, int steps) {
        double[][] delta = new double[steps][WeightCorrections.PER_STEP];
        for (int e = 0; e < entries.length; e++) {
            delta[entries[e][0]][entries[e][1]] = p[free + e];
        }
        return new WeightCorrections(base, levels(p, steps), delta);
    }

    private Candidate scored(Candidate c, Draws train, Draws heldOut) {
        return new Candidate(c.name, c.levels, c.times, c.corrections, rms(c.times, c.corrections, train),
                rms(c.times, c.corrections, heldOut));
    }

    /** Karras et al.'s rho = 7 levels between the ends. */
    public Candidate karras(int steps) {
        double[] levels = steps == 1 ? new double[] {sigma0()} : NoiseLevels.karras(steps, sigmaLast(), sigma0(), 7);
        return new Candidate("karras (rho 7)", levels, grid(levels));
    }

    /** Uniform in log sigma (half log-SNR) between the ends. */
    public Candidate logSnr(int steps) {
        double[] levels = steps == 1 ? new double[] {sigma0()} : NoiseLevels.geometric(steps, sigmaLast(), sigma0());
        return new Candidate("log-snr", levels, grid(levels));
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
        return new Candidate("uniform-time", levels, grid(levels));
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
        return rms(times, null, draws);
    }

    /** The same with the solver's weights corrected (null: its own). */
    public double rms(double[] times, WeightCorrections corrections, Draws draws) {
        return Math.sqrt(LevenbergMarquardt.sumOfSquares(residuals(times, corrections, draws)));
    }

    /** Each draw's RMS over its coordinates (the solver's endpoint against the exact one); null where the solve fails. */
    public double[] perDraw(Candidate c, Draws draws) {
        double[] r = residuals(c.times(), c.corrections(), draws);
        if (r == null) {
            return null;
        }
        int dims = r.length / draws.count();
        double[] rms = new double[draws.count()];
        for (int n = 0; n < rms.length; n++) {
            double sum = 0;
            for (int d = 0; d < dims; d++) {
                sum += r[n * dims + d] * r[n * dims + d];
            }
            rms[n] = Math.sqrt(sum * draws.count());   // r carries 1/sqrt(count * dims)
        }
        return rms;
    }

    /**
     * Per draw and coordinate, (endpoint - exact)/sqrt(values): their sum of squares is the mean square error; null
     * where the solve fails.
     */
    double[] residuals(double[] times, WeightCorrections corrections, Draws draws) {
        Samples samples = run(times, corrections, draws);
        if (samples == null) {
            return null;
        }
        double[] x = samples.values();
        double scale = 1 / Math.sqrt(x.length);
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = (x[i] - draws.exact()[i]) * scale;
        }
        return r;
    }

    /** The solver's endpoints on {@code times} from the draws {@code z} (for a reference solve). */
    public double[] endpoints(double[] times, double[] z, int count) {
        Samples samples = run(times, null, new Draws(z, count, null));
        if (samples == null) {
            throw new IllegalStateException("the reference solve failed on its " + (times.length - 1) + "-step grid");
        }
        return samples.values();
    }

    private Samples run(double[] times, WeightCorrections corrections, Draws draws) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return samplers.apply(corrections).sample(manager, times, Sampler.InitialNoise.from(draws.z()), null, sampleShape,
                    draws.count(), draws.count(), DataType.FLOAT64, new Rng(solverSeed), null, done -> { });
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;   // a grid the solver rejects or diverges on (e.g. times equal after round-off)
        }
    }
}
