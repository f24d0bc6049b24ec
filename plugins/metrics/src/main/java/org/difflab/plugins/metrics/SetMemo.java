package org.difflab.plugins.metrics;

import org.difflab.api.Points;

/**
 * What a metric derived from one point set, kept for its next call with the same set. A run computes each metric
 * twice with the same reference draw, once against the samples and once against the data-vs-data baseline
 * (platform-core's Evaluator), so a term that depends on the reference alone (the energy distance's within-set mean,
 * the sliced Wasserstein distance's sorted projections) need not be computed twice.
 *
 * <p>A hit needs a set of equal content ({@link Points#compare} is 0: the same points in the same order, compared
 * value by value, O(n d)), never mere identity of the objects, so a reused value is the one a fresh computation would
 * give, bit for bit, provided the value is a deterministic function of the set (and of {@code key}). It holds the
 * last {@value #ENTRIES} sets (the two sets of the last call), so it keeps those arrays alive as long as the metric
 * instance. Thread-safe.
 *
 * @param <V> the derived value
 */
final class SetMemo<V> {

    /** The two sets of one call: the second call's reference is one of them. */
    static final int ENTRIES = 2;

    private record Entry<V>(Points set, Object key, V value) {}

    @SuppressWarnings("unchecked")
    private final Entry<V>[] entries = new Entry[ENTRIES];
    private int next;

    /**
     * The value remembered for a set equal to {@code set} computed under an equal {@code key} (compared with
     * {@link java.util.Objects#deepEquals}; null when the value depends on the set alone), or null.
     */
    synchronized V get(Points set, Object key) {
        for (Entry<V> entry : entries) {
            if (entry != null && (entry.set() == set || Points.compare(entry.set(), set) == 0)
                    && java.util.Objects.deepEquals(entry.key(), key)) {
                return entry.value();
            }
        }
        return null;
    }

    /** Remembers {@code value} for {@code set} and {@code key}, replacing the oldest entry. */
    synchronized void put(Points set, Object key, V value) {
        entries[next] = new Entry<>(set, key, value);
        next = (next + 1) % ENTRIES;
    }
}
