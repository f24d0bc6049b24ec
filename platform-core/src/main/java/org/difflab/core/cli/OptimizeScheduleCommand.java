package org.difflab.core.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.inject.Injector;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.difflab.api.ClosedFormData;
import org.difflab.api.DataSource;
import org.difflab.api.Solver;
import org.difflab.api.sampling.FittableSolver;
import org.difflab.api.sampling.WeightCorrections;
import org.difflab.api.ForwardProcess;
import org.difflab.api.TimestepSchedule;
import org.difflab.api.io.Npy;
import org.difflab.core.inject.RunModule;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.model.GuidedModel;
import org.difflab.core.plot.LineChart;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.run.OdeError;
import org.difflab.core.run.SamplingRun;
import org.difflab.core.run.Sampler;
import org.difflab.core.run.SeedStreams;
import org.difflab.core.schedule.ScheduleOptimizer;
import org.difflab.core.schedule.ScheduleOptimizer.Candidate;
import org.difflab.core.schedule.ScheduleOptimizer.Draws;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.ExperimentSpec;
import org.difflab.core.spec.SpecException;
import org.difflab.core.train.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code difflab optimize-schedule SPEC --nfe N}: the grid of at most N denoiser evaluations on which the spec's solver
 * comes closest to the exact probability-flow ODE endpoints (closed-form data, exact mixture) or, for another model
 * (a trained network), to a fine Heun solve of that model's own ODE; written as an {@code explicit} schedule file of
 * noise levels with a plot against the hand-made grids.
 */
@Command(name = "optimize-schedule", description = "Find the grid of at most N denoiser evaluations that brings the"
        + " spec's solver closest to the exact PF-ODE endpoints (closed-form data) or to a fine solve of the spec's"
        + " model; writes an explicit schedule file"
        + " (<experiment>-<solver>-nfe<N>-schedule.csv) and a plot against karras, log-snr and uniform-time.")
final class OptimizeScheduleCommand implements Callable<Integer> {

    @ParentCommand
    Difflab root;

    @Parameters(paramLabel = "SPEC", description = "The YAML spec: data, process, model, solver; its schedule's first"
            + " and last noise levels are kept.")
    Path spec;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a spec key (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--nfe", required = true, paramLabel = "N", split = ",", description = "Denoiser evaluations"
            + " per sample, at most; the step count is the largest the solver fits in N. Several budgets (4,6,8,10)"
            + " give a file each and share the reference solves.")
    List<Integer> budgets;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Where the schedule file and plot"
            + " go (default: the working directory).")
    Path out;

    @Option(names = "--draws", defaultValue = "256", description = "Noise draws optimised on, and as many other"
            + " (held out) the grids are judged on (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--train-draws", paramLabel = "FILE", description = "Optimise on the standard-normal draws of"
            + " this .npy file, shape [count, sample shape...], instead of --draws draws of the seed (e.g. draws"
            + " chosen near a mode boundary); the held-out draws stay the seed's --draws.")
    Path trainDraws;

    /** The draws of --train-draws (null without it). */
    private double[] given;

    @Option(names = "--coefficients", description = "Fit the solver's per-step weights with the grid (a solver with"
            + " fitted weights: optimised-multistep); writes <experiment>-<solver>-nfe<N>-coefficients.csv next to the"
            + " schedule, its coefficients option.")
    boolean coefficients;

    /** The method whose weights are fitted (with --coefficients), else null. */
    private String fittedBase;

    @Option(names = "--evaluations", defaultValue = "800", description = "Budget of objective evaluations (solves of"
            + " the optimisation draws; default: ${DEFAULT-VALUE}).")
    int evaluations;

    @Option(names = "--loss", defaultValue = "squares", paramLabel = "squares|cauchy", description = "What the"
            + " weight fit (--coefficients) minimises over the draws' squared errors e: squares (their sum, least"
            + " squares; default) or cauchy (the sum of c^2 ln(1 + e/c^2), which counts the few draws the solver"
            + " sends to another mode only logarithmically; c^2 = --loss-scale times the median draw's e at the"
            + " start). The grid-only fit and every reported RMS stay plain.")
    String loss;

    @Option(names = "--loss-scale", paramLabel = "K", description = "With --loss cauchy: c^2 = K times the median"
            + " draw's squared error at the start of the weight fit (default: " + DEFAULT_LOSS_SCALE + ").")
    Double lossScale;

    static final double DEFAULT_LOSS_SCALE = 25;

    /** What the endpoints are compared with. */
    enum Reference {
        /** exact with closed-form data and the exact model, else solve. */
        AUTO,
        /** The exact PF-ODE endpoints of the data (closed form, {@link OdeError}). */
        EXACT,
        /** A fine solve of the spec's own model: Heun on {@value #REFERENCE_STEPS} log-uniform steps. */
        SOLVE
    }

    /** Steps of the reference solve: Heun's error ~ h^2 with h = ln(sigma_0/sigma_floor)/512 ~ 0.03. */
    static final int REFERENCE_STEPS = 512;

    @Option(names = "--reference", defaultValue = "auto", paramLabel = "auto|exact|solve", description = "The"
            + " endpoints to approach: exact (the exact PF-ODE endpoint of closed-form data), solve (a "
            + REFERENCE_STEPS + "-step Heun solve of the spec's own model, e.g. a trained network, down to 1/100 of"
            + " the last noise level) or auto (exact for the exact model on closed-form data, else solve; default).")
    String reference;

    @Override
    public Integer call() throws Exception {
        if (budgets.stream().anyMatch(n -> n < 1) || draws < 2 || evaluations < 1) {
            throw new SpecException("command line", draws < 2 ? "--draws" : evaluations < 1 ? "--evaluations"
                    : "--nfe", "--nfe and --evaluations must be at least 1 and --draws at least 2");
        }
        OptionalDouble cauchyK = cauchyK();
        given = trainDraws == null ? null : readTrainDraws();
        EngineWarmup.start();
        try (PlatformSession session = root.session()) {
            PluginsCommand.warnAboutFailures(session, System.err);
            Experiment experiment = session.injector().getInstance(ExperimentLoader.class).load(spec, overrides);
            ExperimentSpec s = experiment.spec();
            String where = experiment.source().where("sampling");
            if (s.training() != null) {
                throw new SpecException(where, "training", "optimize-schedule samples a given model; train it first"
                        + " with difflab run and point model at its checkpoint");
            }
            EngineWarmup.await();
            Injector run = session.injector().createChildInjector(new RunModule(experiment,
                    new RunContext(null, null, null, false, false, System.out)));
            DataSource data = run.getInstance(DataSource.class);
            ForwardProcess process = run.getInstance(ForwardProcess.class);
            if (!s.sampling().labels().isString() || !s.sampling().labels().asString().equals("none")) {
                throw new SpecException(where, "sampling.labels", "optimize-schedule compares against the"
                        + " unconditional ODE; leave sampling.labels at none");
            }
            double[] specGrid = run.getInstance(TimestepSchedule.class).times(process);
            if (specGrid.length < 3) {
                throw new SpecException(where, "sampling.schedule", "the spec's grid has one step; its first and last"
                        + " noise levels (kept by the optimised grid) need a schedule of at least 2 steps");
            }
            double t0 = specGrid[0];
            double tLast = specGrid[specGrid.length - 2];
            if (!Double.isFinite(process.noiseLevel(t0))) {
                throw new SpecException(where, "sampling.schedule", "the grid starts at infinite noise level (t = "
                        + t0 + "); give the schedule a finite sigma_max or t_start below the process's end");
            }
            Sampler sampler = run.getInstance(Sampler.class);
            Shape shape = data.sampleShape();
            int dims = Math.toIntExact(shape.size());
            double priorRatio = s.sampling().priorScale(process, t0) / process.sigma(t0);
            checkTrainDraws(shape);
            trainCount = given == null ? draws : given.length / dims;
            System.out.printf("optimize-schedule %s: %s on %s, at most %s NFE; %d%s + %d held-out draws%n",
                    s.experiment(), s.sampling().solver().id(), s.process().id(), budgets, trainCount,
                    given == null ? "" : " (" + trainDraws.getFileName() + ")", draws);
            Reference kind = reference(experiment, data, where);
            System.out.println("  reference: " + (kind == Reference.EXACT ? "the exact PF-ODE endpoints"
                    : "Heun with " + REFERENCE_STEPS + " steps on the model"));
            Sampler fine = kind == Reference.SOLVE ? referenceSampler(session, process) : null;
            double[] fineGrid = kind == Reference.SOLVE ? fineGrid(process, t0, tLast, REFERENCE_STEPS) : null;
            Draws[] sets = new Draws[2];
            for (int set = 0; set < 2; set++) {
                // the reference of tens of thousands of draws takes minutes: say what is being computed
                System.err.printf("  reference endpoints of the %d %s draws ...", set == 0 ? trainCount : draws,
                        set == 0 ? "optimisation"
                        : "held-out");
                System.err.flush();
                long began = System.nanoTime();
                org.difflab.api.math.Rng rng = SeedStreams.INITIAL_NOISE.of(s.seed()).split(set + 1);
                double[] z = set == 0 && given != null ? given : rng.gaussians(draws * dims);
                int count = z.length / dims;
                if (kind == Reference.EXACT) {
                    sets[set] = draws(experiment, data.closedForm().orElseThrow(), process, t0, priorRatio, z, count);
                } else {
                    sets[set] = new Draws(z, count, new ScheduleOptimizer(process, fine, shape, t0, tLast, 0)
                            .endpoints(fineGrid, z, count));
                }
                System.err.printf(Locale.ROOT, " %.1f s%n", (System.nanoTime() - began) / 1e9);
            }
            if (kind == Reference.SOLVE) {
                // the reference's own error: against a solve with half the steps (Heun: ~4x the error)
                double[] coarse = new ScheduleOptimizer(process, fine, shape, t0, tLast, 0).endpoints(
                        fineGrid(process, t0, tLast, REFERENCE_STEPS / 2), sets[0].z(), sets[0].count());
                System.out.printf(Locale.ROOT, "  reference accuracy: %d against %d steps differ by %.3g RMS%n",
                        REFERENCE_STEPS, REFERENCE_STEPS / 2, rms(coarse, sets[0].exact()));
            }
            Draws train = sets[0];
            Draws heldOut = sets[1];
            Solver solver = run.getInstance(Solver.class);
            if (coefficients && !(solver instanceof FittableSolver)) {
                throw new SpecException(where, "sampling.solver", "--coefficients fits a solver's per-step weights;"
                        + " solver '" + s.sampling().solver().id() + "' has none; accepted: optimised-multistep");
            }
            GuidedModel guided = run.getInstance(GuidedModel.class);
            Function<WeightCorrections, Sampler> samplers = corrections -> corrections == null ? sampler
                    : new Sampler(process, ((FittableSolver) solver).withCorrections(corrections),
                            s.sampling().solver().id(), guided, t -> s.sampling().priorScale(process, t));
            ScheduleOptimizer optimizer = new ScheduleOptimizer(process, samplers, shape, t0, tLast,
                    SeedStreams.SOLVER.of(s.seed()).split(0).seed()).reportingProgressTo(System.err);
            fittedBase = coefficients ? ((FittableSolver) solver).base() : null;
            for (int nfe : budgets) {
                optimise(experiment, optimizer, nfe, train, heldOut, cauchyK);
            }
            return 0;
        }
    }

    /** One budget: the optimised grid, its file and plot, and the table. */
    private void optimise(Experiment experiment, ScheduleOptimizer optimizer, int nfe, Draws train, Draws heldOut,
            OptionalDouble cauchyK) throws java.io.IOException {
        ExperimentSpec s = experiment.spec();
        String where = experiment.source().where("sampling");
        int steps = optimizer.stepsWithin(nfe, train);
        if (steps == 0) {
            throw new SpecException(where, "sampling.solver", "solver '" + s.sampling().solver().id()
                    + "' needs more than " + nfe + " evaluations even for one step");
        }
        long start = System.nanoTime();
        ScheduleOptimizer.Outcome outcome = optimizer.optimise(steps, train, heldOut, evaluations, fittedBase,
                cauchyK);
        double seconds = (System.nanoTime() - start) / 1e9;
        String base = s.experiment() + "-" + s.sampling().solver().id() + "-nfe" + outcome.nfe();
        Files.createDirectories(out);
        Path csv = out.resolve(base + "-schedule.csv");
        Path png = out.resolve(base + "-schedule.png");
        AtomicFiles.writeString(csv, csv(experiment, nfe, outcome, seconds));
        AtomicFiles.write(png, plot(s, outcome));
        Path weights = out.resolve(base + "-coefficients.csv");
        if (outcome.fitted() != null) {
            AtomicFiles.writeString(weights, outcome.fitted().corrections().text(List.of(
                    "difflab optimize-schedule " + spec.getFileName() + " --nfe " + nfe + " --coefficients"
                            + drawOptions() + " --evaluations " + evaluations + lossOptions(cauchyK)
                            + String.join("", overrides.stream()
                                    .map(o -> " --set " + o).toList()),
                    "per step: its starting noise level, the corrections to the weights of the outputs of steps i-1,"
                            + " i-2, i-3 (step i's own takes the balance); fitted with the grid in " + csv.getFileName(),
                    "use with: solver: {type: " + s.sampling().solver().id() + ", coefficients: " + weights.getFileName()
                            + "} and schedule: {type: explicit, file: " + csv.getFileName() + "}",
                    String.format(Locale.ROOT, "RMS to the reference endpoints on %d held-out draws: %.4g with"
                            + " these weights, %.4g with the solver's own on the grid optimised for them", draws,
                            outcome.fitted().heldOutRms(), outcome.optimised().heldOutRms()))));
        }
        System.out.printf("%d steps, %d NFE; %d solves in %.1f s%s. RMS to the reference endpoints:%n", steps,
                outcome.nfe(), outcome.evaluations(), seconds, cauchyK.isPresent() ? " (weights fitted with the Cauchy"
                        + " loss, K = " + cauchyK.getAsDouble() + ")" : "");
        System.out.printf("  %-16s %-14s %-14s%n", "grid", "optimised on", "held out");
        for (Candidate c : all(outcome)) {
            System.out.printf(Locale.ROOT, "  %-16s %-14.4g %-14.4g%n", c.name(), c.rms(), c.heldOutRms());
        }
        System.out.println(perDraw(optimizer.perDraw(outcome.best(), heldOut)));
        System.out.println("schedule: " + csv);
        System.out.println("plot:     " + png);
        System.out.println("use it:   schedule: {type: explicit, file: " + csv.toAbsolutePath().normalize() + "}");
        if (outcome.fitted() != null) {
            System.out.println("weights:  " + weights);
            System.out.println("use them: solver: {type: " + s.sampling().solver().id() + ", coefficients: "
                    + weights.toAbsolutePath().normalize() + "}");
        }
    }

    /**
     * Draws from {@code rng} and their exact ODE endpoints from x_t0 = c z, i.e. x~ = level(t0) (c/sigma(t0)) z;
     * cached under {@code <out>/.cache} like evaluation.ode_error's, so runs for other solvers reuse them.
     */
    private Draws draws(Experiment experiment, ClosedFormData exact, ForwardProcess process, double t0,
            double priorRatio, double[] z, int count) {
        double[] start = java.util.Arrays.stream(z).map(v -> v * priorRatio).toArray();
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] end = OdeError.exactEndpoints(manager, exact, SamplingRun.dataKey(experiment), process,
                    new double[] {t0, process.tMin()}, start, count, out.resolve(".cache"));
            return new Draws(z, count, end);
        }
    }

    /** --train-draws's file: at least 2 draws, every value finite (its shape is checked against the data's later). */
    private double[] readTrainDraws() {
        if (!Files.isRegularFile(trainDraws)) {
            throw new SpecException("command line", "--train-draws", trainDraws + " is not a file; give a .npy file"
                    + " of standard-normal draws [count, sample shape...]");
        }
        Npy.Array array;
        try {
            array = Npy.read(trainDraws);
        } catch (IllegalArgumentException e) {
            throw new SpecException("command line", "--train-draws", trainDraws + " is not a readable .npy file: "
                    + e.getMessage());
        }
        trainShape = array.shape();
        double[] z = array.values();
        if (trainShape.length < 2 || trainShape[0] < 2) {
            throw new SpecException("command line", "--train-draws", trainDraws + " has shape "
                    + java.util.Arrays.toString(trainShape) + "; expected [count, sample shape...] with count at least 2");
        }
        for (int i = 0; i < z.length; i++) {
            if (!Double.isFinite(z[i])) {
                throw new SpecException("command line", "--train-draws", trainDraws + " holds " + z[i]
                        + " at element " + i + "; the draws must be finite standard-normal values");
            }
        }
        return z;
    }

    /** Shape of --train-draws's file. */
    private long[] trainShape;

    /** Draws optimised on: --draws, or --train-draws's count. */
    private int trainCount;

    /** --train-draws's draws must have the data's sample shape. */
    private void checkTrainDraws(Shape sampleShape) {
        if (given != null && !java.util.Arrays.equals(java.util.Arrays.copyOfRange(trainShape, 1, trainShape.length),
                sampleShape.getShape())) {
            throw new SpecException("command line", "--train-draws", trainDraws + " has shape "
                    + java.util.Arrays.toString(trainShape) + "; expected [count, " + sampleShape.toString()
                    .replaceAll("[()]", "") + "] (count, then the data's sample shape)");
        }
    }

    /** The draw options as given: --draws N and, if given, --train-draws's file name. */
    private String drawOptions() {
        return " --draws " + draws + (trainDraws == null ? "" : " --train-draws " + trainDraws.getFileName());
    }

    /** K of --loss cauchy --loss-scale K, or empty for least squares (--loss squares, the default). */
    OptionalDouble cauchyK() {
        switch (loss) {
            case "squares" -> {
                if (lossScale != null) {
                    throw new SpecException("command line", "--loss-scale", "--loss-scale sets the Cauchy loss's"
                            + " scale; it needs --loss cauchy (the loss is " + loss + ")");
                }
                return OptionalDouble.empty();
            }
            case "cauchy" -> {
                if (!coefficients) {
                    throw new SpecException("command line", "--loss", "--loss cauchy applies to the weight fit; it"
                            + " needs --coefficients");
                }
                double k = lossScale == null ? DEFAULT_LOSS_SCALE : lossScale;
                if (!(k > 0) || !Double.isFinite(k)) {
                    throw new SpecException("command line", "--loss-scale", "--loss-scale must be a positive finite"
                            + " number K (c^2 = K times the median draw's squared error at the start), got " + k);
                }
                return OptionalDouble.of(k);
            }
            default -> throw new SpecException("command line", "--loss", "unknown loss '" + loss + "'; accepted:"
                    + " squares, cauchy");
        }
    }

    /** The loss options as given on a command line; nothing for least squares. */
    private static String lossOptions(OptionalDouble cauchyK) {
        return cauchyK.isPresent() ? " --loss cauchy --loss-scale " + cauchyK.getAsDouble() : "";
    }

    /** The reference the options and the spec call for; exact needs closed-form data. */
    private Reference reference(Experiment experiment, DataSource data, String where) {
        Reference kind;
        try {
            kind = Reference.valueOf(reference.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SpecException("command line", "--reference", "unknown reference '" + reference + "'; accepted:"
                    + " auto, exact, solve");
        }
        boolean closedForm = data.closedForm().isPresent();
        if (kind == Reference.AUTO) {
            return closedForm && experiment.spec().model().id().equals("exact") ? Reference.EXACT : Reference.SOLVE;
        }
        if (kind == Reference.EXACT && !closedForm) {
            throw new SpecException(experiment.source().where("data"), "data", "--reference exact needs closed-form"
                    + " data (gmm, gmm-ring, gmm-random); data '" + experiment.spec().data().id() + "' has none; use"
                    + " --reference solve");
        }
        return kind;
    }

    /** The spec's model, prior and process with Heun (the spec loaded again with the solver replaced). */
    private Sampler referenceSampler(PlatformSession session, ForwardProcess process) {
        List<String> withHeun = new ArrayList<>(overrides);
        withHeun.add("sampling.solver={type: heun}");
        Experiment heun = session.injector().getInstance(ExperimentLoader.class).load(spec, withHeun);
        return session.injector().createChildInjector(new RunModule(heun, new RunContext(null, null, null, false, false,
                System.out))).getInstance(Sampler.class);
    }

    /** N log-uniform levels from the grid's first to 1/100 of its last, then the final step. */
    private static double[] fineGrid(ForwardProcess process, double t0, double tLast, int steps) {
        double[] levels = org.difflab.api.sampling.NoiseLevels.geometric(steps, process.noiseLevel(tLast) / 100,
                process.noiseLevel(t0));
        double[] times = new double[steps + 1];
        times[0] = t0;
        for (int i = 1; i < steps; i++) {
            times[i] = process.timeAtNoiseLevel(levels[i]);
        }
        times[steps] = process.tMin();
        return times;
    }

    /**
     * How the best grid's held-out error is spread over the draws: quantiles of the per-draw RMS, and the share of the
     * mean square carried by the draws off by more than 10 times the median (in many dimensions, draws the solver
     * sends to another mode than the exact flow does).
     */
    static String perDraw(double[] rms) {
        if (rms == null) {
            return "  per held-out draw: the solve failed";
        }
        double[] sorted = rms.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        double median = sorted[n / 2];
        double total = 0;
        double outliers = 0;
        int count = 0;
        for (double v : sorted) {
            total += v * v;
            if (v > 10 * median) {
                outliers += v * v;
                count++;
            }
        }
        return String.format(Locale.ROOT, "  per held-out draw (best grid): RMS median %.3g, 90%% %.3g, 99%% %.3g, max"
                + " %.3g; %d of %d draws off by more than 10x the median carry %.0f%% of the mean square; without them"
                + " the RMS would be %.3g", median, sorted[(int) (0.9 * (n - 1))], sorted[(int) (0.99 * (n - 1))],
                sorted[n - 1], count, n, 100 * outliers / total, Math.sqrt((total - outliers) / n));
    }

    private static double rms(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum / a.length);
    }

    private static List<Candidate> all(ScheduleOptimizer.Outcome outcome) {
        List<Candidate> all = new ArrayList<>(outcome.baselines());
        all.add(outcome.optimised());
        if (outcome.fitted() != null) {
            all.add(outcome.fitted());
        }
        return all;
    }

    private String csv(Experiment experiment, int nfe, ScheduleOptimizer.Outcome outcome, double seconds) {
        ExperimentSpec s = experiment.spec();
        StringBuilder text = new StringBuilder();
        text.append("# difflab optimize-schedule ").append(spec.getFileName()).append(" --nfe ").append(nfe)
                .append(drawOptions()).append(" --evaluations ").append(evaluations)
                .append(lossOptions(cauchyK()));
        overrides.forEach(o -> text.append(" --set ").append(o));
        text.append('\n');
        text.append("# noise levels sigma(t)/alpha(t) of a ").append(outcome.steps()).append("-step grid, then the final"
                + " step to data; use as: schedule: {type: explicit, file: <this file>}\n");
        text.append(String.format(Locale.ROOT, "# solver %s, process %s, %d NFE; Levenberg-Marquardt on log-sigma"
                + " increments%s,"
                + " %d solves of %d draws in %.1f s%n", s.sampling().solver().id(), s.process().id(), outcome.nfe(),
                outcome.fitted() != null ? " and the solver's weights (the coefficients file)" : "",
                outcome.evaluations(), trainCount, seconds));
        text.append("# RMS to the reference endpoints on ").append(draws).append(" held-out draws:");
        for (Candidate c : all(outcome)) {
            text.append(String.format(Locale.ROOT, " %s %.4g;", c.name(), c.heldOutRms()));
        }
        text.append('\n');
        for (double level : outcome.best().levels()) {
            text.append(level).append('\n');   // Double.toString: the shortest text that reads back exactly
        }
        return text.toString();
    }

    private static byte[] plot(ExperimentSpec s, ScheduleOptimizer.Outcome outcome) {
        LineChart chart = new LineChart("Optimised " + outcome.steps() + "-step grid, " + s.sampling().solver().id()
                + " at " + outcome.nfe() + " NFE").axes("step i", "noise level sigma_i").logarithmic(false, true);
        chart.subtitle(s.experiment() + ": process " + s.process().id() + "; held-out RMS to the reference endpoints"
                + " in the legend");
        int i = 0;
        for (Candidate c : all(outcome)) {
            double[] x = new double[c.levels().length];
            for (int k = 0; k < x.length; k++) {
                x[k] = k;
            }
            boolean optimised = c == outcome.best();
            chart.add(new LineChart.Series(String.format(Locale.ROOT, "%s (%.3g)", c.name(), c.heldOutRms()),
                    optimised ? Color.BLACK : LineChart.color(i++), LineChart.Style.LINE_AND_MARKERS,
                    optimised ? 2.5f : 1.5f, x, c.levels(), null));
        }
        return chart.png();
    }
}
