package org.difflab.core.sweep;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.difflab.core.run.OpenMpWaiting;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Ready-to-submit job definitions that run a sweep's manifest on many machines, one array task (Slurm) or
 * one completion index (Kubernetes) per trial, or per shard when {@code tasks} is smaller than the trial
 * count. Every task expands the same spec to the same manifest and checks the sweep id, so a spec edited
 * after submission fails fast instead of running other trials.
 */
public final class JobScripts {

    /**
     * What to emit.
     *
     * @param launcher the difflab command on the cluster (e.g. /home/me/difflab/bin/difflab)
     * @param spec the spec path as the tasks see it
     * @param out the shared results root as the tasks see it
     * @param overrides --set assignments
     * @param tasks number of array tasks / completions
     * @param maxConcurrent tasks running at once
     */
    public record Job(String launcher, String spec, String out, List<String> overrides, int tasks, int maxConcurrent) {}

    private JobScripts() {}

    /** The per-task command, with {@code indexVariable} the shell variable holding the task index. */
    static String taskCommand(SweepManifest manifest, Job job, String indexVariable) {
        List<String> words = new ArrayList<>(List.of(quote(job.launcher()), "sweep", quote(job.spec()), "--out",
                quote(job.out())));
        job.overrides().forEach(o -> words.addAll(List.of("--set", quote(o))));
        if (job.tasks() == manifest.trials().size()) {
            words.addAll(List.of("--trial-index", "\"$" + indexVariable + "\""));
        } else {
            words.addAll(List.of("--shard", "\"$" + indexVariable + "/" + job.tasks() + "\""));
        }
        words.addAll(List.of("--sweep-id", manifest.sweepId()));
        return String.join(" ", words);
    }

    /** Where the tasks' logs go: this directory must exist before submission (Slurm opens it first). */
    public static Path slurmLogDirectory(Path sweepDirectory) {
        return sweepDirectory.resolve("slurm");
    }

    /**
     * An sbatch script running the sweep as a Slurm job array; logs go to {@link #slurmLogDirectory}, which the
     * caller creates (Slurm opens a task's output file before the script runs, so a script cannot create it).
     */
    public static String slurm(SweepManifest manifest, Job job, SlurmDirectives directives, Path sweepDirectory) {
        String name = "difflab-" + manifest.experiment();
        Path logs = slurmLogDirectory(sweepDirectory);
        StringBuilder script = new StringBuilder("#!/bin/bash\n")
                .append("# difflab sweep ").append(manifest.sweepId()).append(" of experiment ")
                .append(manifest.experiment()).append(": ").append(manifest.trials().size()).append(" trials (")
                .append(manifest.runCount()).append(" distinct runs)")
                .append(job.tasks() == manifest.trials().size() ? ", one array task per trial.\n"
                        : ", " + job.tasks() + " array tasks, each running shard $SLURM_ARRAY_TASK_ID/" + job.tasks()
                                + ".\n")
                .append("# Build difflab once before submitting (").append(job.launcher())
                .append(" --version), so that the tasks do not each build it.\n")
                .append("# Submit, with the report built when every task has ended (also if some failed):\n")
                .append("#   job=$(sbatch --parsable ").append(sweepDirectory.resolve("slurm.sh")).append(")\n")
                .append("#   sbatch --dependency=afterany:$job ").append(sweepDirectory.resolve("slurm-report.sh"))
                .append("\n")
                .append("# The results root must be on a file system every node shares. Finished trials are skipped, so\n")
                .append("# resubmitting this script (or sbatch --array=<indices> for some tasks) completes the sweep.\n")
                .append("# Logs: ").append(logs).append("/<job id>_<task>.out\n")
                .append("#SBATCH --job-name=").append(name).append("\n")
                .append("#SBATCH --array=0-").append(job.tasks() - 1).append("%").append(job.maxConcurrent()).append("\n");
        directives.lines().forEach(line -> script.append("#SBATCH ").append(line).append("\n"));
        script.append("#SBATCH --output=").append(logs).append("/%A_%a.out\n")
                .append("set -euo pipefail\n")
                .append("# PyTorch uses the CPUs Slurm gave this task\n")
                .append(exports(OpenMpWaiting.defaults()))   // libgomp's wait at barriers (shared nodes)
                .append("export DIFFLAB_JAVA_OPTS=\"${DIFFLAB_JAVA_OPTS:-} -Dai.djl.pytorch.num_threads=${SLURM_CPUS_PER_TASK:-")
                .append(directives.cpusPerTask()).append("}\"\n")
                .append("exec ").append(taskCommand(manifest, job, "SLURM_ARRAY_TASK_ID")).append("\n");
        return script.toString();
    }

    /**
     * An sbatch script that rebuilds the sweep's summary, plots and report, to chain after the array with
     * {@code --dependency=afterany:<array job id>}. It asks for the array's partition, account, time limit and
     * extra lines (clusters often require them), one CPU and no generic resources.
     */
    public static String slurmReport(SweepManifest manifest, Job job, SlurmDirectives directives, Path sweepDirectory) {
        SlurmDirectives one = new SlurmDirectives(directives.partition(), directives.time(), directives.mem(), 1, null,
                directives.account(), directives.extra());
        StringBuilder script = new StringBuilder("#!/bin/bash\n")
                .append("# The report of difflab sweep ").append(manifest.sweepId()).append(" of experiment ")
                .append(manifest.experiment()).append(": run it when the array has ended:\n")
                .append("#   sbatch --dependency=afterany:<array job id> ").append(sweepDirectory.resolve("slurm-report.sh"))
                .append("\n")
                .append("#SBATCH --job-name=difflab-report-").append(manifest.experiment()).append("\n");
        one.lines().forEach(line -> script.append("#SBATCH ").append(line).append("\n"));
        script.append("#SBATCH --output=").append(slurmLogDirectory(sweepDirectory)).append("/report_%j.out\n")
                .append("set -euo pipefail\n")
                .append("exec ").append(quote(job.launcher())).append(" report ")
                .append(quote(sweepDirectory.toString())).append("\n");
        return script.toString();
    }

    /**
     * A Kubernetes Indexed Job running the sweep, as YAML with a comment header.
     *
     * @param image a container image with difflab (and the spec) at {@code workingDir}
     * @param claim a PersistentVolumeClaim (ReadWriteMany) mounted at the results root
     */
    public static String kubernetes(SweepManifest manifest, Job job, String image, String claim, String workingDir) {
        io.fabric8.kubernetes.api.model.batch.v1.Job indexedJob = kubernetesJob(manifest, job, image, claim, workingDir);
        String name = indexedJob.getMetadata().getName();
        return "# difflab sweep " + manifest.sweepId() + " of experiment " + manifest.experiment() + ": "
                + manifest.trials().size() + " trials as a Kubernetes Indexed Job"
                + (job.tasks() == manifest.trials().size() ? " (one completion index per trial)."
                        : " (" + job.tasks() + " indices, each a shard).") + "\n"
                + "# Submit:  kubectl apply -f k8s-job.yaml   Watch:  kubectl get job " + name + "\n"
                + "# The image must hold difflab and the spec at " + workingDir + "; results go to the volume claim '"
                + claim + "'\n"
                + "# (ReadWriteMany) mounted at " + job.out() + ". Finished trials are skipped on retries; a failed index is"
                + " retried once\n"
                + "# (backoffLimitPerIndex: Kubernetes 1.29 or later). When the job is complete:\n"
                + "#   " + job.launcher() + " report " + job.out() + "  (in a pod mounting the same claim)\n"
                + KUBERNETES_YAML.writeValueAsString(indexedJob);
    }

    /** Plain YAML where unambiguous; quantities such as "2" stay strings; the task's command stays on one line. */
    private static final YAMLMapper KUBERNETES_YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER, YAMLWriteFeature.SPLIT_LINES)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build();

    /** The Indexed Job, built from the typed Kubernetes model (batch/v1). */
    static io.fabric8.kubernetes.api.model.batch.v1.Job kubernetesJob(SweepManifest manifest, Job job, String image,
            String claim, String workingDir) {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "difflab", "difflab/sweep-id", manifest.sweepId());
        Container trial = new ContainerBuilder()
                .withName("trial")
                .withImage(image)
                .withWorkingDir(workingDir)
                .withCommand("/bin/sh", "-c")
                .withArgs("exec " + taskCommand(manifest, job, "JOB_COMPLETION_INDEX"))
                .withEnv(podEnvironment())
                .withNewResources()
                .addToRequests("cpu", new Quantity("2"))
                .addToRequests("memory", new Quantity("4Gi"))
                .endResources()
                .addNewVolumeMount().withName("results").withMountPath(job.out()).endVolumeMount()
                .build();
        return new JobBuilder()
                .withNewMetadata()
                .withName(dnsName("difflab-" + manifest.experiment(), manifest.sweepId()))
                .withLabels(new TreeMap<>(labels))
                .endMetadata()
                .withNewSpec()
                .withCompletionMode("Indexed")
                .withCompletions(job.tasks())
                .withParallelism(Math.min(job.maxConcurrent(), job.tasks()))
                .withBackoffLimitPerIndex(1)
                .withNewTemplate()
                .withNewMetadata().withLabels(new TreeMap<>(labels)).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withContainers(trial)
                .addNewVolume().withName("results").withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** A DNS-1123 label of at most 63 characters ending in the sweep id. */
    static String dnsName(String prefix, String sweepId) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        int room = 63 - sweepId.length() - 1;
        if (clean.length() > room) {
            clean = clean.substring(0, room);
        }
        clean = clean.replaceAll("-+$", "");
        return clean + "-" + sweepId;
    }

    /** Single-quotes a shell word when it needs it. */
    static String quote(String word) {
        if (word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /** One export line per variable, in order. */
    private static String exports(Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        variables.forEach((name, value) -> out.append("export ").append(name).append("=").append(value).append("\n"));
        return out.toString();
    }

    /** A trial pod's environment: libgomp's wait ({@link OpenMpWaiting}), then two intra-op threads for its 2 CPUs. */
    private static List<EnvVar> podEnvironment() {
        List<EnvVar> out = new ArrayList<>();
        OpenMpWaiting.defaults().forEach((name, value) -> out.add(new EnvVar(name, value, null)));
        out.add(new EnvVar("DIFFLAB_JAVA_OPTS", "-Dai.djl.pytorch.num_threads=2", null));
        return out;
    }
}
