package org.difflab.core.run;

import ai.djl.pytorch.jni.JniUtils;
import org.difflab.api.DataSource;
import org.difflab.core.spec.ExperimentSpec;

/**
 * PyTorch's intra-op thread count for each phase of a run: what {@code -Dai.djl.pytorch.num_threads} says when it
 * is set (sweep workers get cores / workers that way), otherwise chosen from the size of the phase's operations.
 *
 * <p>Exact sampling runs on one thread. Its operations are a few passes over arrays of at most about 2^18 values
 * (the automatic batch), memory-bound and short, so splitting them costs about as much in waking and joining threads
 * as it saves, and on a busy machine a split operation waits for whichever of its threads is scheduled last.
 * Measured with `difflab bench sampling` on the idle 2-core machine, one thread against the earlier default of one
 * per core: 0.34 s against 0.51 s on the 100,000-sample ring, faster in all five cases (1.1-1.5x); under load, two
 * threads took 1.7x as long as one, and on 1,000 samples 3x. Its samples are bit-identical at any thread count, so
 * this costs no reproducibility; {@code -Dai.djl.pytorch.num_threads} still chooses more where a machine has the cores
 * to gain from them.
 * Training runs on one thread for batches of at most {@link #SMALL_BATCH} examples and on one per core above: on the
 * benchmark MLP (width 256, `difflab bench train --batch N`, idle 2-core machine) two threads ran 0.46x as fast as
 * one at batch 128, 0.90x at 1,024, 1.21x at 2,048 and 1.48x at 4,096. The choice
 * depends on the spec alone, never on the load, so that a run, and a resumed run, repeat bit for bit. Network
 * sampling uses one thread per core.
 */
public final class IntraOpThreads {

    /** The property DJL reads at engine start. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    /** A thread count and why it was chosen (recorded in run.json). */
    public record Choice(int threads, String reason) {}

    private IntraOpThreads() {}

    /** A count every phase takes while a benchmark holds it ({@link #pin}), or null. */
    private static volatile Choice pinned;

    /**
     * Makes every run's phases take {@code threads} until the returned handle is closed, whatever the spec or the
     * property say: a benchmark comparing thread counts through the runs specs make needs this, because a run sets
     * its own count ({@link #apply}) over whatever was set before it.
     */
    public static Pin pin(int threads, String why) {
        if (threads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, not " + threads);
        }
        Choice before = pinned;
        pinned = new Choice(threads, why);
        return () -> pinned = before;
    }

    /** A held {@link #pin}; closing it restores the count's usual choice. */
    public interface Pin extends AutoCloseable {
        @Override
        void close();
    }

    /** Training batches up to this size run on one thread. */
    static final int SMALL_BATCH = 1024;

    /** The choice for training {@code spec}'s network. */
    public static Choice forTraining(ExperimentSpec spec) {
        return forTraining(spec.training().batchSize(), System.getProperty(PROPERTY),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The choice for training in batches of {@code batchSize}.
     *
     * @param property the thread property's value, null if unset
     */
    static Choice forTraining(int batchSize, String property, int cores) {
        if (pinned != null) {
            return pinned;
        }
        Choice set = explicit(property);
        if (set != null) {
            return set;
        }
        String what = "training a network, batch " + batchSize;
        return batchSize <= SMALL_BATCH ? new Choice(1, what + ": at most " + SMALL_BATCH + " examples")
                : perCore(what, cores);
    }

    /** The choice for sampling {@code spec}, whose data is {@code data}. */
    public static Choice forSampling(ExperimentSpec spec, DataSource data) {
        if (pinned != null) {
            return pinned;
        }
        String property = System.getProperty(PROPERTY);
        int cores = Runtime.getRuntime().availableProcessors();
        if (!SamplingBatch.closedForm(spec)) {
            Choice set = explicit(property);
            return set != null ? set : perCore("sampling a network", cores);
        }
        return forExactSampling(SamplingBatch.rows(spec, data), SamplingBatch.valuesPerRow(data), property);
    }

    /**
     * The choice for exact sampling in batches of {@code rows} whose widest array has {@code valuesPerRow} values a
     * row (the dimension, or the number of mixture components if larger): one thread unless {@code property} says.
     *
     * @param property the thread property's value, null if unset
     */
    static Choice forExactSampling(long rows, long valuesPerRow, String property) {
        if (pinned != null) {
            return pinned;
        }
        Choice set = explicit(property);
        if (set != null) {
            return set;
        }
        return new Choice(1, "exact sampling, largest array " + rows + " x " + valuesPerRow + " = "
                + rows * valuesPerRow + " values: memory-bound passes, no faster split over threads");
    }

    /** Makes {@code choice} PyTorch's intra-op thread count (starts the engine if needed). */
    public static void apply(Choice choice) {
        EngineWarmup.await();
        if (JniUtils.getNumThreads() != choice.threads()) {
            JniUtils.setNumThreads(choice.threads());
        }
    }

    private static Choice explicit(String set) {
        if (set == null || set.isBlank()) {
            return null;
        }
        try {
            return new Choice(Math.max(1, Integer.parseInt(set.trim())), "set by -D" + PROPERTY + "=" + set.trim());
        } catch (NumberFormatException e) {
            return null;   // not a number: DJL ignored it too
        }
    }

    private static Choice perCore(String what, int cores) {
        return new Choice(cores, what + ": one per core");
    }
}
