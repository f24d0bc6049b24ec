package org.difflab.core.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** An sbatch script running the sweep as a Slurm job array. */
    public static String slurm(SweepManifest manifest, Job job, Path sweepDirectory) {
        String name = "difflab-" + manifest.experiment();
        return "#!/bin/bash\n"
                + "# difflab sweep " + manifest.sweepId() + " of experiment " + manifest.experiment() + ": "
                + manifest.trials().size() + " trials (" + manifest.runCount() + " distinct runs)"
                + (job.tasks() == manifest.trials().size() ? ", one array task per trial.\n"
                        : ", " + job.tasks() + " array tasks, each running shard $SLURM_ARRAY_TASK_ID/" + job.tasks()
                                + ".\n")
                + "# Submit:  sbatch " + sweepDirectory.resolve("slurm.sh") + "\n"
                + "# Build difflab once before submitting (" + job.launcher() + " --version), so the tasks do not"
                + " each build it.\n"
                + "# The results root must be on a file system every node shares. Finished trials are skipped, so\n"
                + "# resubmitting (or sbatch --array=<list> for failed tasks) completes the sweep.\n"
                + "# When all tasks are done:  " + job.launcher() + " report " + job.out() + "\n"
                + "#   (or chain it: sbatch --dependency=afterany:<job id> --wrap '" + job.launcher() + " report "
                + job.out() + "')\n"
                + "#SBATCH --job-name=" + name + "\n"
                + "#SBATCH --array=0-" + (job.tasks() - 1) + "%" + job.maxConcurrent() + "\n"
                + "#SBATCH --ntasks=1\n"
                + "#SBATCH --cpus-per-task=2\n"
                + "#SBATCH --output=" + sweepDirectory.resolve("slurm") + "/%A_%a.out\n"
                + "set -euo pipefail\n"
                + "mkdir -p " + quote(sweepDirectory.resolve("slurm").toString()) + "\n"
                + "export OMP_WAIT_POLICY=PASSIVE\n"
                + "export DIFFLAB_JAVA_OPTS=\"${DIFFLAB_JAVA_OPTS:-} -Dai.djl.pytorch.num_threads=${SLURM_CPUS_PER_TASK:-2}\"\n"
                + "exec " + taskCommand(manifest, job, "SLURM_ARRAY_TASK_ID") + "\n";
    }

    /**
     * A Kubernetes Indexed Job running the sweep.
     *
     * @param image a container image with difflab (and the spec) at {@code workingDir}
     * @param claim a PersistentVolumeClaim (ReadWriteMany) mounted at the results root
     */
    public static String kubernetes(SweepManifest manifest, Job job, String image, String claim, String workingDir) {
        String name = dnsName("difflab-" + manifest.experiment(), manifest.sweepId());
        return "# difflab sweep " + manifest.sweepId() + " of experiment " + manifest.experiment() + ": "
                + manifest.trials().size() + " trials as a Kubernetes Indexed Job"
                + (job.tasks() == manifest.trials().size() ? " (one completion index per trial)."
                        : " (" + job.tasks() + " indices, each a shard).") + "\n"
                + "# Submit:  kubectl apply -f k8s-job.yaml   Watch:  kubectl get job " + name + "\n"
                + "# The image must hold difflab and the spec at " + workingDir + "; results go to the volume claim '"
                + claim + "'\n"
                + "# (ReadWriteMany) mounted at " + job.out() + ". Finished trials are skipped on retries. When the job"
                + " is complete:\n"
                + "#   " + job.launcher() + " report " + job.out() + "  (in a pod mounting the same claim)\n"
                + "apiVersion: batch/v1\n"
                + "kind: Job\n"
                + "metadata:\n"
                + "  name: " + name + "\n"
                + "  labels:\n"
                + "    app.kubernetes.io/name: difflab\n"
                + "    difflab/sweep-id: \"" + manifest.sweepId() + "\"\n"
                + "spec:\n"
                + "  completionMode: Indexed\n"
                + "  completions: " + job.tasks() + "\n"
                + "  parallelism: " + Math.min(job.maxConcurrent(), job.tasks()) + "\n"
                + "  backoffLimitPerIndex: 1        # retry a failed index once (Kubernetes 1.29+)\n"
                + "  template:\n"
                + "    metadata:\n"
                + "      labels:\n"
                + "        app.kubernetes.io/name: difflab\n"
                + "    spec:\n"
                + "      restartPolicy: Never\n"
                + "      containers:\n"
                + "        - name: trial\n"
                + "          image: " + image + "\n"
                + "          workingDir: " + workingDir + "\n"
                + "          command: [\"/bin/sh\", \"-c\"]\n"
                + "          args:\n"
                + "            - " + yamlString("exec " + taskCommand(manifest, job, "JOB_COMPLETION_INDEX")) + "\n"
                + "          env:\n"
                + "            - {name: OMP_WAIT_POLICY, value: PASSIVE}\n"
                + "            - name: DIFFLAB_JAVA_OPTS\n"
                + "              value: \"-Dai.djl.pytorch.num_threads=2\"\n"
                + "          resources:\n"
                + "            requests: {cpu: \"2\", memory: 4Gi}\n"
                + "          volumeMounts:\n"
                + "            - {name: results, mountPath: " + job.out() + "}\n"
                + "      volumes:\n"
                + "        - name: results\n"
                + "          persistentVolumeClaim: {claimName: " + claim + "}\n";
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

    /** A double-quoted YAML string. */
    static String yamlString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Single-quotes a shell word when it needs it. */
    static String quote(String word) {
        if (word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
