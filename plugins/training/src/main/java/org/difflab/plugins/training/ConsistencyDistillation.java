package org.difflab.plugins.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ComponentChoice;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Model;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.TrainingObjective;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.Network;
import org.difflab.api.sampling.Denoiser;
import org.difflab.api.sampling.Integrator;
import org.difflab.api.sampling.SolverContext;
import org.difflab.api.sampling.StepObserver;
import org.difflab.api.training.ObjectiveRun;
import org.difflab.api.training.TrainingBatch;
import org.difflab.api.training.TrainingContext;
import org.pf4j.Extension;

/**
 * Consistency distillation (Song et al. 2023, Algorithm 2): on Karras et al.'s discretisation sigma_1 &lt; ... &lt;
 * sigma_N of [sigma_min, sigma_max], for each example an index n ~ U{1, ..., N-1},
 * <pre>  x_{n+1} = x0 + sigma_{n+1} z,   x^_n = one step of the teacher's probability-flow ODE from sigma_{n+1} to sigma_n,
 *   loss = lambda(sigma_n) d(f_theta(x_{n+1}, sigma_{n+1}), f_theta-(x^_n, sigma_n)),</pre>
 * with theta- an EMA target network (theta- &lt;- mu theta- + (1 - mu) theta after each update; an extra network the
 * platform checkpoints) and no gradient through it. The teacher is any model (the data's exact denoiser, a trained
 * network's checkpoint) and its step any deterministic solver (Heun as in the paper). In the process's own
 * coordinates x_t = alpha x0 + sigma z at the times of those noise levels.
 *
 * <p>Defaults are the paper's CIFAR-10 choices: N = 18, mu = 0.95, Heun, lambda = 1, sigma in [0.002, 80], rho = 7;
 * the distance is squared L2 (the paper's LPIPS needs images). Train with {@code parameterization: consistency} so
 * that f(x, sigma_min) = x, and sample with {@code solver: consistency}.
 *
 * <p>The teacher's step is the solver's first step on the grid (t_{n+1}, t_n, tMin): a step that is not the grid's
 * last, so Heun takes its corrector at t_n as the paper does; the platform's loop then takes one more step to the
 * data end, whose result is discarded (one teacher evaluation per group of examples sharing n). Where t_n is the
 * process's own end (sigma_min held to a VE process's range) the step is the grid's last, which Heun takes as Euler.
 * On such a process the levels are held to its range (see {@link ConsistencyFunction#levelsOnProcess}).
 */
@Extension
@Component(id = "consistency-distillation", summary = "consistency distillation (Song et al. 2023, Alg. 2) from a teacher model and ODE solver")
public final class ConsistencyDistillation implements TrainingObjective {

    /** Options of {@link ConsistencyDistillation}. */
    public record Options(
            @Param(doc = "the teacher: the data's exact denoiser or a trained network (e.g. {type: checkpoint, path:"
                    + " ...})", defaultValue = "exact") ComponentChoice<Model> teacher,
            @Param(doc = "deterministic solver of the teacher's ODE step from sigma_{n+1} to sigma_n",
                    defaultValue = "heun") ComponentChoice<Solver> teacherSolver,
            @Param(doc = "N, the number of noise levels of the discretisation", defaultValue = "18", min = 2)
            int steps,
            @Param(doc = "smallest noise level (the consistency function's boundary)", defaultValue = "0.002",
                    min = 0, exclusiveMin = true) double sigmaMin,
            @Param(doc = "largest noise level", defaultValue = "80", min = 0, exclusiveMin = true) double sigmaMax,
            @Param(doc = "rho of Karras et al.'s discretisation", defaultValue = "7", min = 0, exclusiveMin = true)
            double rho,
            @Param(doc = "EMA decay mu of the target network (0: the online network, with a stopped gradient)",
                    defaultValue = "0.95", min = 0, max = 1) double emaDecay,
            @Param(doc = "distance d: l2 (squared) or pseudo_huber (c = 0.00054 sqrt(d))", defaultValue = "l2")
            ConsistencyDistance distance,
            @Param(doc = "lambda(sigma_n): uniform or reciprocal (1/(sigma_{n+1} - sigma_n))",
                    defaultValue = "uniform") ConsistencyWeighting weighting) {
        public Options {
            ConsistencyFunction.checkOptions(sigmaMin, sigmaMax, emaDecay);
        }
    }

    private final Options options;

    /** Consistency distillation with the given teacher and choices. */
    public ConsistencyDistillation(Options options) {
        this.options = options;
    }

    @Override
    public ObjectiveRun start(TrainingContext context) {
        Solver solver = options.teacherSolver().create();
        if (solver.capabilities().contains(Capability.STOCHASTIC)) {
            throw new InvalidOptionException("teacher_solver", "the teacher's ODE step needs a deterministic solver;"
                    + " '" + options.teacherSolver().id() + "' draws noise (use heun, euler, dpmpp-2m, ...)");
        }
        LoadedModel teacher = context.load(options.teacher());
        ConsistencyFunction function = new ConsistencyFunction(context);
        double[] levels = function.levelsOnProcess(options.steps(), options.sigmaMin(), options.sigmaMax(),
                options.rho());
        double[] times = function.times(levels, "sigma_min");
        Network target = options.emaDecay() > 0 ? context.extraNetwork("target") : null;
        return new ObjectiveRun() {
            @Override
            public NDArray loss(TrainingBatch batch) {
                return distillationLoss(context, function, teacher, solver, levels, times, target, batch);
            }

            @Override
            public void afterUpdate(int step) {
                if (target != null) {
                    ConsistencyFunction.moveTowards(target, context.network(), options.emaDecay());
                }
            }
        };
    }

    private NDArray distillationLoss(TrainingContext context, ConsistencyFunction function, LoadedModel teacher,
            Solver solver, double[] levels, double[] times, Network target, TrainingBatch batch) {
        int size = batch.size();
        Rng rng = batch.rng();
        // n ~ U{0, ..., N-2} (0-based) per example, sorted: the examples are exchangeable, and sorted indices put the
        // examples sharing a teacher step next to each other
        int[] index = new int[size];
        for (int i = 0; i < size; i++) {
            index[i] = rng.nextInt(levels.length - 1);
        }
        Arrays.sort(index);
        double[] upper = new double[size];
        double[] lower = new double[size];
        float[] weight = new float[size];
        for (int i = 0; i < size; i++) {
            upper[i] = times[index[i] + 1];
            lower[i] = times[index[i]];
            weight[i] = (float) options.weighting().of(levels[index[i]], levels[index[i] + 1]);
        }
        NDManager manager = batch.manager();
        NDArray z = rng.split(2).normal(manager, batch.x0().getShape(), DataType.FLOAT32);
        NDArray x = function.noisy(batch.x0(), z, upper, manager);
        NDArray stepped = teacherSteps(context, teacher, solver, x, index, times, batch.condition(), manager);
        NDArray student = function.f(context.network(), x, upper, batch.condition(), true, manager);
        Network targetNetwork = target != null ? target : context.network();
        NDArray anchor = function.f(targetNetwork, stepped, lower, batch.condition(), false, manager).stopGradient();
        return options.distance().between(student, anchor).mul(manager.create(weight)).mean();
    }

    /** x^_n: each group of examples sharing n stepped by the teacher's solver from t_{n+1} to t_n. */
    private static NDArray teacherSteps(TrainingContext context, LoadedModel teacher, Solver solver, NDArray x,
            int[] index, double[] times, Condition condition, NDManager manager) {
        List<NDArray> parts = new ArrayList<>();
        int from = 0;
        while (from < index.length) {
            int to = from;
            while (to < index.length && index[to] == index[from]) {
                to++;
            }
            int n = index[from];
            Condition part = slice(condition, from, to);
            NDArray group = x.get(from + ":" + to).toType(DataType.FLOAT64, false);
            SolverContext ode = teacherContext(context, (xt, t) -> teacher.denoise(xt, t, part));
            double end = context.process().tMin();
            if (times[n] > end) {
                double[] grid = {times[n + 1], times[n], end};
                NDArray[] reached = new NDArray[1];
                StepObserver firstStep = (i, t, state, x0) -> {
                    if (i == 0) {
                        reached[0] = state.toType(DataType.FLOAT32, true);
                        NDScope.unregister(reached[0]);   // outlives the step's scope; freed with the batch
                    }
                };
                Integrator.integrate(solver, ode, grid, group, firstStep);
                parts.add(reached[0]);
            } else {
                // t_n is the process's own end (a VE process held to its range): the step is the grid's last
                parts.add(Integrator.integrate(solver, ode, new double[] {times[n + 1], times[n]}, group).x()
                        .toType(DataType.FLOAT32, false));
            }
            from = to;
        }
        return NDArrays.concat(new NDList(parts));
    }

    private static SolverContext teacherContext(TrainingContext context, Denoiser denoiser) {
        return new SolverContext() {
            @Override
            public org.difflab.api.ForwardProcess process() {
                return context.process();
            }

            @Override
            public Denoiser denoiser() {
                return denoiser;
            }

            @Override
            public NDArray gaussianLike(NDArray x) {
                throw new IllegalStateException("the teacher's ODE step drew noise; use a deterministic solver");
            }
        };
    }

    private static Condition slice(Condition condition, int from, int to) {
        if (condition instanceof Condition.ClassLabels labelled) {
            return Condition.labels(Arrays.copyOfRange(labelled.labels(), from, to));
        }
        return condition;
    }
}
