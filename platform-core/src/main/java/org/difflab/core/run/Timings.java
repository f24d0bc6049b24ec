package org.difflab.core.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** Named wall-clock durations of a run's phases, in seconds, in the order they happened. */
public final class Timings {

    private final Map<String, Double> seconds = new LinkedHashMap<>();

    /** Records a phase's duration. */
    public void put(String phase, double durationSeconds) {
        seconds.merge(phase, durationSeconds, Double::sum);
    }

    /** Records the time since {@code startNanos} (from System.nanoTime) and returns it. */
    public double since(String phase, long startNanos) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        put(phase, elapsed);
        return elapsed;
    }

    /** The phases, in order. */
    public Map<String, Double> asMap() {
        return new LinkedHashMap<>(seconds);
    }
}
