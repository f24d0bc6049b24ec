package org.difflab.core.sweep;

import java.util.ArrayList;
import java.util.List;
import org.difflab.core.spec.SpecException;

/**
 * Slice {@code I/N} of a sweep: the trials whose index modulo N is I (round robin, so each shard gets a
 * similar mix of cheap and costly trials when cost grows along an axis). A trial that is the same run as an
 * earlier trial belongs to the shard of that earlier trial, so no run is done by two shards.
 *
 * @param index this shard, 0 .. count-1
 * @param count number of shards
 */
public record Shard(int index, int count) {

    /** Parses "I/N". */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length == 2) {
                int index = Integer.parseInt(parts[0].trim());
                int count = Integer.parseInt(parts[1].trim());
                if (count >= 1 && index >= 0 && index < count) {
                    return new Shard(index, count);
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new SpecException("--shard", "", "expected I/N with 0 <= I < N (e.g. --shard 0/4), got '" + text + "'");
    }

    /** Whether the shard runs trial {@code trial}'s run. */
    public boolean owns(SweepManifest.Trial trial) {
        return trial.owner() % count == index;
    }

    /** The indices of the trials this shard is responsible for (their owners are in the shard). */
    public List<Integer> select(SweepManifest manifest) {
        List<Integer> out = new ArrayList<>();
        for (SweepManifest.Trial trial : manifest.trials()) {
            if (owns(trial)) {
                out.add(trial.index());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
