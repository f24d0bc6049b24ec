package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.SpecFile;
import org.difflab.api.sampling.FittableSolver;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.difflab.api.sampling.WeightCorrections;
import org.pf4j.Extension;

/**
 * A multistep solver whose weights of its past model outputs are fitted, per step, on the exact probability-flow ODE
 * for one grid: the learned-coefficient idea of S4S (Frankel et al. 2025, "learn solver coefficients and time steps")
 * and Bespoke solvers (Shaul et al. 2023), on one of two published methods ({@code base}):
 * <ul>
 *   <li>{@code ipndm} (Zhang and Chen 2022, as {@link IpndmSolver}): in x~ = x/alpha, rho = sigma/alpha,
 *       x~_{i+1} = x~_i + (rho_{i+1} - rho_i) sum_k w_k eps_{i-k}, eps = (x~ - D)/rho, with w the Adams-Bashforth
 *       weights of up to 4 slopes;</li>
 *   <li>{@code dpmpp-2m} (Lu et al. 2022b, Algorithm 2, as {@link DpmSolverPlusPlus2M}): with h = lambda_{i+1} -
 *       lambda_i, lambda = log(alpha/sigma), r = h_{i-1}/h, x_{i+1} = (sigma_{i+1}/sigma_i) x_i + alpha_{i+1}
 *       (1 - e^{-h}) sum_k w_k D_{i-k}, w = (1 + 1/(2r), -1/(2r), 0, 0).</li>
 * </ul>
 * Step i's corrections (delta_1, delta_2, delta_3) from the {@code coefficients} file ({@link WeightCorrections},
 * written by {@code difflab optimize-schedule --coefficients}) are added to w_1, w_2, w_3 and subtracted from w_0.
 * Without a file the method is its base exactly, order 2. With a file it integrates only the grid the file was
 * fitted on (same steps, same noise levels: use it with the {@code explicit} schedule file written next to it); the
 * weights still sum to 1, so every step is consistent (local error O(h^2)) and the order it can claim is 1: the
 * fitted weights are tuned to that grid's few large steps, not to refinement. A final step to sigma = 0 returns
 * alpha x0_hat. NFE = N.
 */
@Extension
@Component(id = "optimised-multistep", summary = "iPNDM or DPM-Solver++(2M) with per-step weights fitted on the exact"
        + " ODE (optimize-schedule --coefficients); NFE = N")
public final class OptimisedMultistepSolver implements FittableSolver {

    /** The published method whose weights are corrected. */
    public enum Base {
        /** iPNDM: Adams-Bashforth weights on the slopes eps in noise levels. */
        IPNDM,
        /** DPM-Solver++(2M): weights on the denoiser outputs D in lambda. */
        DPMPP_2M;

        /** The solver id, as files and specs spell it. */
        String id() {
            return this == IPNDM ? "ipndm" : "dpmpp-2m";
        }
    }

    /** Options of {@link OptimisedMultistepSolver}. */
    public record Options(
            @Param(doc = "the file of per-step weight corrections optimize-schedule --coefficients wrote (relative to"
                    + " the spec's folder); none: the base method's weights", defaultValue = "null")
            SpecFile coefficients,
            @Param(doc = "the method whose weights are corrected: ipndm or dpmpp-2m (must be the file's)",
                    defaultValue = "ipndm") Base base) {

        public Options {
            base = base == null ? Base.IPNDM : base;
        }
    }

    /** iPNDM's Adams-Bashforth weights for 1 to 4 slopes (uniform steps), as {@link IpndmSolver}'s. */
    private static final double[][] ADAMS_BASHFORTH = {
        {1.0},
        {3.0 / 2, -1.0 / 2},
        {23.0 / 12, -16.0 / 12, 5.0 / 12},
        {55.0 / 24, -59.0 / 24, 37.0 / 24, -9.0 / 24}};

    /** Relative tolerance of the grid check: levels read back from times through the process agree to ~1e-13. */
    static final double LEVEL_TOLERANCE = 1e-9;

    private final Base base;
    private final WeightCorrections corrections;
    /** Where the corrections came from, for messages. */
    private final String source;

    /** The solver with the options' corrections, read and checked here. */
    public OptimisedMultistepSolver(Options options) {
        this(options.base(), options.coefficients() == null ? null : read(options.coefficients(), options.base()),
                options.coefficients() == null ? null : options.coefficients().spelling());
    }

    private OptimisedMultistepSolver(Base base, WeightCorrections corrections, String source) {
        this.base = base;
        this.corrections = corrections;
        this.source = source;
    }

    static WeightCorrections read(SpecFile file, Base base) {
        if (!Files.isRegularFile(file.path())) {
            throw new InvalidOptionException("coefficients", file.spelling() + ": not a regular file; accepted: a"
                    + " text file written by difflab optimize-schedule --coefficients");
        }
        WeightCorrections read;
        try {
            read = WeightCorrections.parse(Files.readAllLines(file.path()));
        } catch (IOException e) {
            throw new InvalidOptionException("coefficients", file.spelling() + ": cannot be read (" + e.getMessage()
                    + ")");
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("coefficients", file.spelling() + ", " + e.getMessage());
        }
        if (!read.base().equals(base.id())) {
            throw new InvalidOptionException("coefficients", file.spelling() + ": fitted on base '" + read.base()
                    + "' but the solver's base is '" + base.id() + "'; set base: " + read.base() + " (accepted"
                    + " bases: ipndm, dpmpp-2m)");
        }
        return read;
    }

    @Override
    public String base() {
        return base.id();
    }

    @Override
    public Solver withCorrections(WeightCorrections fitted) {
        if (!fitted.base().equals(base.id())) {
            throw new IllegalArgumentException("corrections of base " + fitted.base() + " for a solver of base "
                    + base.id());
        }
        return new OptimisedMultistepSolver(base, fitted, "fitted corrections");
    }

    /** 2 without corrections (the base method's order); 1 with them (consistent steps; see the class comment). */
    @Override
    public int order() {
        return corrections == null ? 2 : 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.MULTISTEP);
    }

    @Override
    public Stepper start(Integration run) {
        if (base == Base.IPNDM) {
            run.requireFiniteStart("optimised-multistep (base ipndm)");
        }
        if (corrections != null) {
            checkGrid(run);
        }
        return new Stepper() {
            /** The previous outputs (D or eps), newest first, at their lambdas (dpmpp-2m) or times (ipndm). */
            private final History previous = new History(WeightCorrections.PER_STEP);

            @Override
            public NDArray step(Step step, NDArray x) {
                ForwardProcess process = step.process();
                double t = step.t();
                double tNext = step.tNext();
                NDArray d = step.x0(x, t);
                if (step.toData()) {
                    return d.mul(process.alpha(tNext));
                }
                NDArray output = step.keep(base == Base.IPNDM ? step.eps(x, t, d) : d);
                double[] w = weights(step, previous);
                NDArray combined = output.mul(w[0]);
                for (int k = 0; k < previous.size(); k++) {
                    combined = combined.add(previous.value(k).mul(w[1 + k]));
                }
                previous.push(output, base == Base.IPNDM ? t : process.halfLogSnr(t));
                double alphaNext = process.alpha(tNext);
                if (base == Base.IPNDM) {
                    double drho = process.noiseLevel(tNext) - process.noiseLevel(t);
                    return x.mul(alphaNext / process.alpha(t)).add(combined.mul(alphaNext * drho));
                }
                double h = process.halfLogSnr(tNext) - process.halfLogSnr(t);
                return x.mul(process.sigma(tNext) / process.sigma(t)).add(combined.mul(alphaNext * -Math.expm1(-h)));
            }

            @Override
            public void close() {
                previous.close();
            }
        };
    }

    /** The weights of the newest output and the previous ones at this step: the base's, then the corrections. */
    private double[] weights(Step step, History previous) {
        int available = previous.size();
        double[] w = new double[1 + available];
        if (base == Base.IPNDM) {
            System.arraycopy(ADAMS_BASHFORTH[available], 0, w, 0, w.length);
        } else {
            w[0] = 1.0;
            if (available > 0) {
                // 2M's midpoint weights: D' = (1 + 1/(2r)) D_i - D_{i-1}/(2r); r = inf across lambda = -inf gives D_i
                double lambda = step.process().halfLogSnr(step.t());
                double halfInverseR = 0.5 * (step.process().halfLogSnr(step.tNext()) - lambda)
                        / (lambda - previous.at(0));
                w[0] += halfInverseR;
                w[1] -= halfInverseR;
            }
        }
        if (corrections != null) {
            double[] delta = corrections.delta()[step.index()];
            for (int k = 0; k < available; k++) {
                w[0] -= delta[k];
                w[1 + k] += delta[k];
            }
        }
        return w;
    }

    /** The grid must be the one the corrections were fitted on: same steps, same starting noise levels. */
    private void checkGrid(Integration run) {
        ForwardProcess process = run.process();
        boolean same = run.steps() == corrections.steps();
        for (int i = 0; same && i < run.steps(); i++) {
            double level = process.noiseLevel(run.time(i));
            same = Math.abs(level - corrections.levels()[i]) <= LEVEL_TOLERANCE * corrections.levels()[i];
        }
        if (!same) {
            throw new IllegalArgumentException("optimised-multistep: the coefficients (" + source + ") were fitted on"
                    + " a " + corrections.steps() + "-step grid from noise level " + corrections.levels()[0] + " to "
                    + corrections.levels()[corrections.steps() - 1] + "; this grid has " + run.steps() + " steps from "
                    + process.noiseLevel(run.time(0)) + ": use them with the explicit schedule file written next to"
                    + " them (fitted weights belong to their grid)");
        }
    }
}
