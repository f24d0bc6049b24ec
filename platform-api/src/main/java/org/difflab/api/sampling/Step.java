package org.difflab.api.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import org.difflab.api.ForwardProcess;
import org.difflab.api.math.Addend;
import org.difflab.api.math.Combination;
import org.difflab.api.math.Conversions;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;

/**
 * One step of an integration, from t = t_i to tNext = t_{i+1}, as the {@link Integrator} hands it to a
 * {@link Stepper}: where it is on the grid, the model as x0_hat (evaluated, counted and guarded by the
 * platform), the conversions a solver needs, and the run's noise. Valid only during its step.
 */
public final class Step {

    private final Integration run;
    private final SolverContext context;
    private final int index;
    private final StepScope scope;
    private final Integrator.Count evaluations;
    private final boolean observed;
    private NDArray firstX0;
    private boolean open = true;

    /** @param observed whether an observer will want the step's first x0_hat */
    Step(Integration run, SolverContext context, int index, StepScope scope, Integrator.Count evaluations,
            boolean observed) {
        this.run = run;
        this.context = context;
        this.index = index;
        this.scope = scope;
        this.evaluations = evaluations;
        this.observed = observed;
    }

    /** i, from 0 to N - 1. */
    public int index() {
        return index;
    }

    /** The step's start t_i. */
    public double t() {
        return run.time(index);
    }

    /** The step's end t_{i+1}. */
    public double tNext() {
        return run.time(index + 1);
    }

    /** tNext - t (negative: the grid runs from noise to data). */
    public double h() {
        return tNext() - t();
    }

    /** Whether this is the grid's last step (to t_N). */
    public boolean isFinal() {
        return index == run.steps() - 1;
    }

    /**
     * Whether tNext is the data end, sigma(tNext) = 0: the denoiser is undefined there, so a step that ends
     * there cannot evaluate at its end (see the final-step rule in {@link Integrator}).
     */
    public boolean toData() {
        return run.noiseFree(tNext());
    }

    /** The whole integration: the grid and the process. */
    public Integration run() {
        return run;
    }

    /** The forward process. */
    public ForwardProcess process() {
        return run.process();
    }

    /** The process at time t. */
    public PathPoint at(double t) {
        return PathPoint.of(run.process(), t);
    }

    /**
     * x0_hat(x, t): one denoiser evaluation, counted in the NFE.
     *
     * @param t any time of the process's range [tMin, tMax] where sigma(t) &gt; 0
     * @throws IllegalStateException if t is outside the range or sigma(t) = 0 (a solver bug: there x_t = alpha x0
     *     and the model's preconditioning is singular), or if the step has ended
     */
    public NDArray x0(NDArray x, double t) {
        checkEvaluation(t);
        evaluations.increment();
        NDArray x0 = context.denoiser().denoise(x, t);
        if (observed && firstX0 == null) {
            keepFirstX0(x0);
        }
        return x0;
    }

    private void keepFirstX0(NDArray x0) {
        // a copy outside every scope: the stepper may free x0 (in a scope of its own) before the observer runs
        firstX0 = x0.duplicate();
        NDScope.unregister(firstX0);
    }

    /**
     * {@code map.onX() x + map.onOther() x0_hat(x, t)}: one denoiser evaluation, counted and guarded as {@link #x0},
     * which the model may compute within its own last operation ({@link Denoiser#combined}; the exact denoiser folds
     * the map into its posterior mean's last product), so the combination costs no array pass of its own. Where an
     * observer wants the step's first x0_hat, that evaluation gives it too ({@link Denoiser#denoisedAndCombined}),
     * and the combination is the same as unobserved, so observing does not change the samples.
     *
     * @return a fresh array, which the caller may update in place
     * @throws IllegalStateException as {@link #x0}
     */
    public NDArray combined(NDArray x, double t, Combination map) {
        checkEvaluation(t);
        evaluations.increment();
        if (observed && firstX0 == null) {
            Denoiser.Denoised both = context.denoiser().denoisedAndCombined(x, t, map);
            keepFirstX0(both.x0());
            return both.combined();
        }
        return context.denoiser().combined(x, t, map);
    }

    /**
     * {@link #combined} plus {@code plus} (c y) in the same evaluation, which a model that folds the map may fold
     * too ({@link Denoiser#combined(NDArray, double, Combination, Addend)}). Where an observer wants the step's
     * first x0_hat, that evaluation gives it ({@link #combined}, one evaluation counted everywhere) and the term is
     * added afterwards: for a model that folds it, the sum may then round differently from unobserved by a unit in
     * the last place. Heun, the one bundled user, adds its term on a step's second evaluation, never observed.
     */
    public NDArray combined(NDArray x, double t, Combination map, Addend plus) {
        if (observed && firstX0 == null) {
            return plus.addTo(combined(x, t, map));
        }
        checkEvaluation(t);
        evaluations.increment();
        return context.denoiser().combined(x, t, map, plus);
    }

    /** The probability-flow velocity v(x, t) = alpha' x0_hat + sigma' eps_hat in one evaluation ({@link #combined}). */
    public NDArray velocity(NDArray x, double t) {
        checkEvaluation(t);   // before the map, which is undefined where the denoiser is
        return combined(x, t, velocityMap(t));
    }

    /**
     * {@code a x + h v(x, t)} in one evaluation ({@link #combined}): with a = 1 the Euler move from x over h. The
     * velocity is itself a combination of x and x0_hat, so a and h go into its coefficients.
     */
    public NDArray alongVelocity(NDArray x, double t, double a, double h) {
        checkEvaluation(t);   // before the map, which is undefined where the denoiser is
        return combined(x, t, new Combination(a, h).after(velocityMap(t)));
    }

    /**
     * {@code a x + h v(x, t) + c y} in one evaluation ({@link #combined(NDArray, double, Combination, Addend)}): a
     * move along the velocity that also adds an earlier state, as Heun's corrector adds half the step's start.
     */
    public NDArray alongVelocity(NDArray x, double t, double a, double h, Addend plus) {
        checkEvaluation(t);
        return combined(x, t, new Combination(a, h).after(velocityMap(t)), plus);
    }

    private void checkEvaluation(double t) {
        if (!open) {
            throw new IllegalStateException("solver '" + run.solver() + "' asked for x0_hat after step " + index
                    + " ended; evaluate the denoiser only within the step it is given to");
        }
        ForwardProcess process = run.process();
        if (!(t >= process.tMin() && t <= process.tMax())) {
            throw new IllegalStateException("solver '" + run.solver() + "' asked for x0_hat at t=" + t
                    + " in step " + describe() + ", outside the process's range [" + process.tMin() + ", "
                    + process.tMax() + "]");
        }
        if (run.noiseFree(t)) {
            throw new IllegalStateException("solver '" + run.solver() + "' asked for x0_hat at t=" + t
                    + " in step " + describe() + ", where sigma(t) = " + process.sigma(t) + ": the denoiser is"
                    + " undefined there (x_t = alpha x0); a step to the data end must evaluate above it");
        }
    }

    /** v = onX x + onOther x0_hat at t. */
    private Combination velocityMap(double t) {
        PathPoint p = at(t);
        return Conversions.convert(p, LinearTarget.X0, LinearTarget.velocity(p));
    }

    /** The probability-flow velocity at (x, t) given x0_hat there: dx/dt = alpha' x0 + sigma' eps_hat. */
    public NDArray velocity(NDArray x, double t, NDArray x0) {
        return velocityMap(t).apply(x, x0);
    }

    /** eps_hat = (x - alpha x0_hat) / sigma at (x, t). */
    public NDArray eps(NDArray x, double t, NDArray x0) {
        return Conversions.convert(at(t), LinearTarget.X0, LinearTarget.EPS).apply(x, x0);
    }

    /** The score grad log p_t(x) = -eps_hat / sigma at (x, t). */
    public NDArray score(NDArray x, double t, NDArray x0) {
        PathPoint p = at(t);
        return Conversions.convert(p, LinearTarget.X0, LinearTarget.score(p)).apply(x, x0);
    }

    /** Fresh N(0, I) draws shaped and typed like {@code x}, deterministic for the run's seed. */
    public NDArray gaussianLike(NDArray x) {
        return context.gaussianLike(x);
    }

    /**
     * Keeps {@code array} alive past this step (the stepper then owns it and closes it, e.g. when it leaves a
     * multistep history or in {@link Stepper#close()}).
     */
    public NDArray keep(NDArray array) {
        return scope.keep(array);
    }

    /** Denoiser evaluations made so far in this integration, this step's included. */
    public int nfe() {
        return evaluations.value();
    }

    /** A copy of the step's first x0_hat if observed, or null. */
    NDArray firstX0() {
        return firstX0;
    }

    /** Ends the step: no more evaluations; frees the copy of the first x0_hat. */
    void end() {
        open = false;
        if (firstX0 != null) {
            firstX0.close();
        }
    }

    private String describe() {
        return (index + 1) + " of " + run.steps() + " (t = " + t() + " -> " + tNext() + ")";
    }
}
