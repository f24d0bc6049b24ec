package org.difflab.core.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.difflab.core.io.AtomicFiles;
import org.difflab.core.report.ReportBuilder;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.Overrides;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.YamlSpecParser;
import org.difflab.core.sweep.JobScripts;
import org.difflab.core.sweep.Labels;
import org.difflab.core.sweep.Shard;
import org.difflab.core.sweep.SlurmDirectives;
import org.difflab.core.sweep.SweepBlock;
import org.difflab.core.sweep.SweepExecutor;
import org.difflab.core.sweep.SweepManifest;
import org.difflab.core.sweep.SweepPlan;
import org.difflab.core.sweep.TrialBackend;
import org.difflab.core.sweep.TrialRunner;
import org.difflab.core.sweep.WorkerCommandLine;
import org.difflab.core.sweep.WorkerPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code difflab sweep SPEC}: expands the spec's sweep block, validates every trial, writes the manifest, then
 * runs the trials (or a shard of them, or one) — in this JVM or in worker JVMs — and builds the summary, plots
 * and report. With {@code --emit} it writes a Slurm or Kubernetes job for the sweep instead.
 */
@Command(name = "sweep", description = {
    "Run a spec's sweep (grid, zip, exclude, repeat): every trial is an ordinary run in <out>/<experiment>/<run-id>/,"
        + " finished trials are skipped, and <out>/<experiment>/sweeps/<sweep-id>/ gets manifest.json,"
        + " summary.csv, plots/ and report.html.",
    "Exit code 0 when every trial finished, 1 if any failed (they are recorded and the others still run),"
        + " 2 for bad input (nothing runs)."})
final class SweepCommand extends SpecCommand {

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Worker JVMs running trials at once (default: ${DEFAULT-VALUE}: in this JVM). Each worker"
                    + " starts once and runs trials one after another.")
    int parallel;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only the trials whose index modulo N is I (same manifest on every machine).")
    String shard;

    @Option(names = "--trial-index", paramLabel = "K", description = "Run only trial K (0-based manifest index).")
    Integer trialIndex;

    @Option(names = "--sweep-id", paramLabel = "ID",
            description = "Fail (exit 2) unless the spec expands to this sweep id (used by emitted jobs).")
    String expectedSweepId;

    @Option(names = "--emit", paramLabel = "slurm|k8s",
            description = "Write a Slurm job-array script or a Kubernetes Indexed Job for the sweep into its"
                    + " directory instead of running it.")
    String emit;

    @Option(names = "--tasks", paramLabel = "M",
            description = "With --emit: number of array tasks (default: one per trial; fewer: each runs a shard).")
    Integer tasks;

    @Option(names = "--max-concurrent", paramLabel = "C", defaultValue = "16",
            description = "With --emit: tasks running at once (default: ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(names = "--partition", paramLabel = "NAME",
            description = "With --emit slurm: #SBATCH --partition (overrides sweep.slurm.partition).")
    String partition;

    @Option(names = "--time", paramLabel = "LIMIT",
            description = "With --emit slurm: #SBATCH --time per task, e.g. 30 (minutes) or 02:00:00.")
    String time;

    @Option(names = "--mem", paramLabel = "SIZE", description = "With --emit slurm: #SBATCH --mem per task, e.g. 8G.")
    String mem;

    @Option(names = "--cpus-per-task", paramLabel = "N",
            description = "With --emit slurm: #SBATCH --cpus-per-task, also PyTorch's thread count per task"
                    + " (default: sweep.slurm.cpus_per_task, else " + SlurmDirectives.DEFAULT_CPUS_PER_TASK + ").")
    Integer cpusPerTask;

    @Option(names = "--gres", paramLabel = "GRES", description = "With --emit slurm: #SBATCH --gres, e.g. gpu:1.")
    String gres;

    @Option(names = "--account", paramLabel = "NAME", description = "With --emit slurm: #SBATCH --account.")
    String account;

    @Option(names = "--sbatch", paramLabel = "OPTION",
            description = "With --emit slurm: one more #SBATCH line, e.g. --sbatch=--qos=high (repeatable; added to"
                    + " sweep.slurm.extra).")
    List<String> sbatch = new ArrayList<>();

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "difflab:latest",
            description = "With --emit k8s: container image holding difflab (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--claim", paramLabel = "PVC", defaultValue = "difflab-results",
            description = "With --emit k8s: PersistentVolumeClaim for the results root (default: ${DEFAULT-VALUE}).")
    String claim;

    @Option(names = "--dry-run", description = "Write the manifest and list the trials; run nothing.")
    boolean dryRun;

    @Option(names = "--no-report", description = "Do not rebuild summary.csv, plots and report.html at the end.")
    boolean noReport;

    @Override
    public Integer call() {
        collectOverrides();
        checkOptions();
        if (parallel == 1 && emit == null && !dryRun) {
            EngineWarmup.start();   // trials run in this JVM: start the engine while plugins load
        }
        PrintStream console = System.out;
        try (PlatformSession session = root.session()) {
            PluginsCommand.warnAboutFailures(session, System.err);
            SweepPlan plan = plan(session, spec, overrides, expectedSweepId, out);
            SlurmDirectives directives = slurmDirectives();   // a bad sweep.slurm block is bad input for any run
            SweepManifest manifest = plan.manifest();
            if (expectedSweepId != null && !expectedSweepId.equals(manifest.sweepId())) {
                throw new SpecException("--sweep-id", "", "the spec now expands to sweep " + manifest.sweepId()
                        + ", not " + expectedSweepId + " (was the spec, an override, a file it reads or a plugin changed after the job"
                        + " was emitted?)");
            }
            if (trialIndex != null && (trialIndex < 0 || trialIndex >= plan.size())) {
                throw new SpecException("--trial-index", "", "the sweep has trials 0 to " + (plan.size() - 1)
                        + "; got " + trialIndex);
            }
            checkResultsRoot(out);
            Path manifestFile = manifest.write(out);
            Path directory = manifest.directory(out);
            console.printf("sweep %s of %s: %d trials (%d distinct runs); manifest %s%n", manifest.sweepId(),
                    manifest.experiment(), plan.size(), manifest.runCount(), manifestFile);
            plan.notes().forEach(n -> console.println("note: " + n));
            if (emit != null) {
                return emit(manifest, directives, directory, console);
            }
            if (dryRun) {
                var names = Labels.shortNames(manifest.keys());
                manifest.trials().forEach(t -> console.printf("#%d  %s  seed=%d  run %s%s%n", t.index(),
                        Labels.describe(t.values(), names), t.seed(), t.runId(),
                        t.sameRunAs() == null ? "" : " (same run as #" + t.sameRunAs() + ")"));
                return 0;
            }
            List<Integer> selection = selection(manifest);
            for (int index : selection) {
                try {
                    plan.experiment(index);   // read from a manifest: validate what will run, before it runs
                } catch (IllegalStateException e) {
                    throw new SpecException("--sweep-id", "", e.getMessage());
                }
            }
            SweepExecutor executor = new SweepExecutor(plan, out, console);
            TrialBackend backend = backend(session, plan, executor, selection.size());
            SweepExecutor.Totals totals = executor.execute(selection, backend);
            console.println(totals.describe());
            boolean whole = shard == null && trialIndex == null;
            if (whole && !noReport) {
                ReportBuilder.Built built = ReportBuilder.build(directory);
                console.printf("summary: %s%nreport:  %s (%d plots)%n", built.summary(), built.report(), built.plots());
                ReportCommand.warnAboutPlots(built, System.err);
            } else if (!whole) {
                console.printf("when every shard has finished: difflab report %s%n", out);
            }
            return totals.failed() > 0 ? Difflab.FAILED : 0;
        }
    }

    /**
     * Reads the spec and applies the overrides; then, if {@code sweepId} names a sweep whose manifest is
     * already in {@code out} (a worker of this sweep, or a task of an emitted job), takes the trial list from
     * it and validates trials as they are needed; otherwise expands and validates the whole sweep.
     */
    static SweepPlan plan(PlatformSession session, Path spec, List<String> overrides, String sweepId, Path out) {
        SpecDocument document = YamlSpecParser.read(spec);
        Overrides.apply(document, overrides);
        ExperimentLoader loader = session.injector().getInstance(ExperimentLoader.class);
        JsonNode name = document.root().get("experiment");
        if (sweepId != null && sweepId.matches("[0-9a-f]{12}") && name != null && name.isString()
                && name.asString().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            Path file = out.resolve(name.asString()).resolve("sweeps").resolve(sweepId).resolve(SweepManifest.FILE);
            if (Files.isRegularFile(file)) {
                SweepBlock.of(document);   // the block itself must still be well formed
                return SweepPlan.fromManifest(document, loader, SweepManifest.read(file));
            }
        }
        return SweepPlan.expand(document, loader);
    }

    /** The spec's sweep.slurm settings with the command line's on top; checked before anything is written. */
    private SlurmDirectives slurmDirectives() {
        SpecDocument document = YamlSpecParser.read(spec);
        Overrides.apply(document, overrides);
        return SlurmDirectives.of(document, new SlurmDirectives.Options(partition, time, mem, cpusPerTask, gres,
                account, sbatch));
    }

    /** The command that reproduces trial {@code index} alone (recorded in its run.json). */
    static List<String> trialCommand(Path spec, List<String> overrides, Path out, int index) {
        List<String> command = commandLine("sweep", spec, overrides);
        command.addAll(List.of("--out", out.toString(), "--trial-index", String.valueOf(index)));
        return command;
    }

    private void checkOptions() {
        if (shard != null && trialIndex != null) {
            throw new SpecException("--shard", "", "give either --shard or --trial-index, not both");
        }
        if (parallel < 1) {
            throw new SpecException("--parallel", "", "expected at least 1 worker, got " + parallel);
        }
        if (emit != null && !emit.equals("slurm") && !emit.equals("k8s")) {
            throw new SpecException("--emit", "", "expected slurm or k8s, got '" + emit + "'"
                    + SpecBinder.suggestion(emit, List.of("slurm", "k8s")));
        }
        if (emit != null && (shard != null || trialIndex != null)) {
            throw new SpecException("--emit", "", "--emit writes a job for the whole sweep; drop --shard/--trial-index");
        }
        boolean slurmOptions = partition != null || time != null || mem != null || cpusPerTask != null || gres != null
                || account != null || !sbatch.isEmpty();
        if (slurmOptions && !"slurm".equals(emit)) {
            throw new SpecException("--partition/--time/--mem/--cpus-per-task/--gres/--account/--sbatch", "",
                    "these set #SBATCH lines of an emitted Slurm job; add --emit slurm");
        }
        if (maxConcurrent < 1) {
            throw new SpecException("--max-concurrent", "", "expected at least 1, got " + maxConcurrent);
        }
        if (shard != null) {
            Shard.parse(shard);
        }
    }

    private List<Integer> selection(SweepManifest manifest) {
        if (trialIndex != null) {
            return List.of(trialIndex);
        }
        if (shard != null) {
            return Shard.parse(shard).select(manifest);
        }
        return manifest.trials().stream().map(SweepManifest.Trial::index).toList();
    }

    private TrialBackend backend(PlatformSession session, SweepPlan plan, SweepExecutor executor, int trials) {
        if (parallel == 1 || trials <= 1) {
            return TrialBackend.inProcess(new TrialRunner(session.injector(), plan, out,
                    k -> trialCommand(spec, overrides, out, k), root.verbose ? System.out : null));
        }
        List<String> arguments = new ArrayList<>(List.of(spec.toAbsolutePath().toString(), "--out",
                out.toAbsolutePath().toString(), "--sweep-id", plan.manifest().sweepId(), "--parent-pid",
                String.valueOf(ProcessHandle.current().pid()), "--display-spec", spec.toString(), "--display-out",
                out.toString()));
        overrides.forEach(o -> arguments.addAll(List.of("--set", o)));
        if (root.verbose) {
            arguments.add(Difflab.VERBOSE);   // the workers' library warnings then show too (as [worker k] lines)
        }
        List<String> command = WorkerCommandLine.of(session.directories(), parallel, arguments);
        return new WorkerPool(parallel, command, plan.manifest().sweepId(), root.verbose ? System.err : null,
                executor::recordWorkerDeath, System.out);
    }

    private int emit(SweepManifest manifest, SlurmDirectives directives, Path directory, PrintStream console) {
        int taskCount = tasks == null ? manifest.trials().size() : tasks;
        if (taskCount < 1 || taskCount > manifest.trials().size()) {
            throw new SpecException("--tasks", "", "expected 1 to " + manifest.trials().size() + " tasks, got "
                    + taskCount);
        }
        if (emit.equals("slurm")) {
            JobScripts.Job job = new JobScripts.Job(launcher(), spec.toAbsolutePath().normalize().toString(),
                    out.toAbsolutePath().normalize().toString(), overrides, taskCount, maxConcurrent);
            Path sweepDirectory = directory.toAbsolutePath().normalize();
            // Slurm opens each task's log file before the script runs: the directory must exist at submission
            try {
                Files.createDirectories(JobScripts.slurmLogDirectory(sweepDirectory));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Path script = directory.resolve("slurm.sh");
            Path report = directory.resolve("slurm-report.sh");
            AtomicFiles.writeString(script, JobScripts.slurm(manifest, job, directives, sweepDirectory));
            AtomicFiles.writeString(report, JobScripts.slurmReport(manifest, job, directives, sweepDirectory));
            script.toFile().setExecutable(true);
            report.toFile().setExecutable(true);
            console.printf("wrote %s and %s%nsubmit: job=$(sbatch --parsable %s) && sbatch --dependency=afterany:$job"
                    + " %s%n", script, report.getFileName(), script, report);
        } else {
            String specInImage = spec.isAbsolute() ? spec.toString() : spec.normalize().toString();
            JobScripts.Job job = new JobScripts.Job("bin/difflab", specInImage, "/results", overrides, taskCount,
                    maxConcurrent);
            Path manifestFile = directory.resolve("k8s-job.yaml");
            AtomicFiles.writeString(manifestFile, JobScripts.kubernetes(manifest, job, image, claim, "/opt/difflab"));
            console.printf("wrote %s%nsubmit: kubectl apply -f %s%n", manifestFile, manifestFile);
        }
        return 0;
    }

    /** bin/difflab of this installation when it can be told from the class path, else "difflab" on the PATH. */
    private static String launcher() {
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            String marker = "/distribution/target/difflab/lib/";
            int at = entry.replace('\\', '/').indexOf(marker);
            if (at > 0) {
                return entry.substring(0, at) + "/bin/difflab";
            }
        }
        return "difflab";
    }
}
