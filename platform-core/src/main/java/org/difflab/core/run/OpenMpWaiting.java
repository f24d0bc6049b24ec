package org.difflab.core.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How libgomp's threads (PyTorch's intra-op pool, and MKL's inside it) wait at the barrier that ends every parallel
 * operation: spin briefly, then sleep. These are environment variables, read once when libgomp loads, so a JVM
 * cannot change its own: {@code bin/difflab} exports them (the same defaults, kept in step with this class by
 * {@code OpenMpWaitingTest}), and sweep workers, Slurm tasks and Kubernetes pods get them from here.
 *
 * <p>Why not spin, libgomp's default: on a shared machine a thread spinning for a partner that is not scheduled
 * burns its time slice, and multi-threaded runs took several times as long as one thread (issue 18). Why not sleep
 * at once ({@code OMP_WAIT_POLICY=PASSIVE} alone): each operation then starts by waking the other thread, which on
 * the 2-core machine made the batch-4096 training step 1.2x slower than a bounded spin and the batch-1024 step on
 * two threads 1.37x slower (`difflab bench train`, idle). {@code GOMP_SPINCOUNT=10000} bounds the spin (about half a
 * millisecond) and then sleeps; with four spinning processes added it trained as fast as sleeping at once. libgomp
 * takes an explicit {@code GOMP_SPINCOUNT} over the wait policy, which stays {@code PASSIVE} for any other waiting it
 * governs. An explicit setting in the environment is kept.
 */
public final class OpenMpWaiting {

    /** The spin count before sleeping, when the environment does not set one. */
    public static final String SPIN_COUNT = "10000";

    private OpenMpWaiting() {}

    /** The variables to give a child process of this one, with this process's explicit settings kept. */
    public static Map<String, String> environment() {
        return environment(System.getenv());
    }

    /**
     * The variables with their defaults, whatever this process's environment says: for job scripts and pods, which
     * run elsewhere and must not depend on the shell they were written from.
     */
    public static Map<String, String> defaults() {
        return environment(Map.of());
    }

    static Map<String, String> environment(Map<String, String> parent) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("OMP_WAIT_POLICY", parent.getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));
        out.put("GOMP_SPINCOUNT", parent.getOrDefault("GOMP_SPINCOUNT", SPIN_COUNT));
        return out;
    }

    /** This process's settings as libgomp read them, for run.json and benchmark headers. */
    public static String describe() {
        Map<String, String> env = System.getenv();
        return "OMP_WAIT_POLICY=" + env.getOrDefault("OMP_WAIT_POLICY", "(unset)") + ", GOMP_SPINCOUNT="
                + env.getOrDefault("GOMP_SPINCOUNT", "(unset)");
    }
}
