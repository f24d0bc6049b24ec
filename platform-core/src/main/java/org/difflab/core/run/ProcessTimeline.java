package org.difflab.core.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Wall time of this process's phases, in the order they happened, for {@code difflab --timings}: the launcher, JVM
 * start (to {@code main}), plugin loading, spec validation, waiting for the engine, and a run's own phases.
 */
public final class ProcessTimeline {

    private static final Map<String, Double> PHASES = new LinkedHashMap<>();
    private static volatile long mainEntered;

    private ProcessTimeline() {}

    /** Called first thing in {@code main}: the end of JVM start. */
    public static void mainEntered() {
        mainEntered = System.currentTimeMillis();
    }

    /** Adds {@code seconds} to {@code phase}. */
    public static synchronized void add(String phase, double seconds) {
        PHASES.merge(phase, seconds, Double::sum);
    }

    /** Adds the time since {@code startNanos} (System.nanoTime) to {@code phase}. */
    public static void since(String phase, long startNanos) {
        add(phase, (System.nanoTime() - startNanos) / 1e9);
    }

    /**
     * One line: the launcher script (when bin/difflab started this JVM and said when, in {@code DIFFLAB_LAUNCHED_AT},
     * epoch nanoseconds), the JVM's start up to {@code main}, each phase in seconds, and the total, e.g.
     * {@code timings: launcher=0.05 jvm_start=0.21 plugins=0.38 ... total=2.31}.
     */
    public static synchronized String summary() {
        StringJoiner line = new StringJoiner(" ", "timings: ", "");
        long now = System.currentTimeMillis();
        long vmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long first = vmStart;
        String launched = System.getenv("DIFFLAB_LAUNCHED_AT");
        if (launched != null && launched.matches("[0-9]{10,}")) {
            long launchedMillis = Long.parseLong(launched) / 1_000_000;
            if (launchedMillis <= vmStart) {
                line.add(format("launcher", (vmStart - launchedMillis) / 1e3));
                first = launchedMillis;
            }
        }
        if (mainEntered > 0) {
            line.add(format("jvm_start", (mainEntered - vmStart) / 1e3));
        }
        PHASES.forEach((phase, seconds) -> line.add(format(phase, seconds)));
        line.add(format("total", (now - first) / 1e3));
        return line.toString();
    }

    private static String format(String phase, double seconds) {
        return String.format(Locale.ROOT, "%s=%.2f", phase, seconds);
    }
}
