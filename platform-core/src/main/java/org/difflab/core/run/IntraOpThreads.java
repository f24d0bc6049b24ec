package org.difflab.core.run;

import ai.djl.pytorch.jni.JniUtils;
import org.difflab.api.DataSource;
import org.difflab.core.spec.ExperimentSpec;

/**
 * PyTorch's intra-op thread count for each phase of a run: what {@code -Dai.djl.pytorch.num_threads} says when it
 * is set (sweep workers get cores / workers that way), otherwise chosen from the size of the phase's operations.
 *
 * <p>Small operations run on one thread: splitting them costs more in waking and joining threads than it saves,
 * and on a busy machine a split operation waits for whichever of its threads is scheduled last (`difflab bench
 * threads`: exact sampling of 1,000 samples took 3x longer on two threads than on one). "Small" is fewer values
 * in an operation's largest array than PyTorch's own grain size, 32,768, below which it does not split an
 * elementwise operation either. Exact sampling also runs on one thread when the machine is busy (a one-minute
 * load average of at least one per core): with other processes on every core, two threads took 1.7x as long as
 * one on 100,000 samples. Its samples are bit-identical at any thread count, so this costs no reproducibility.
 * Training runs on one thread for batches of at most {@link #SMALL_BATCH} examples and on one per core above: on the
 * benchmark MLP (width 256, `difflab bench train --batch N`) two threads were slower than one at batches of 128 and
 * 1,024 on a busy machine and no faster on a lightly loaded one, and faster at 4,096 both idle and busy. The choice
 * depends on the spec alone, never on the load, so that a run, and a resumed run, repeat bit for bit. Network
 * sampling uses one thread per core.
 */
public final class IntraOpThreads {

    /** The property DJL reads at engine start. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    /** PyTorch's at::internal::GRAIN_SIZE: elementwise operations on fewer values are not split. */
    static final long GRAIN = 32_768;

    /** A thread count and why it was chosen (recorded in run.json). */
    public record Choice(int threads, String reason) {}

    private IntraOpThreads() {}

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
        String property = System.getProperty(PROPERTY);
        int cores = Runtime.getRuntime().availableProcessors();
        if (!SamplingBatch.closedForm(spec)) {
            Choice set = explicit(property);
            return set != null ? set : perCore("sampling a network", cores);
        }
        return forExactSampling(SamplingBatch.rows(spec, data), SamplingBatch.valuesPerRow(data), property, cores,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * The choice for exact sampling in batches of {@code rows} whose widest array has {@code valuesPerRow} values a
     * row (the dimension, or the number of mixture components if larger).
     *
     * @param property the thread property's value, null if unset
     * @param loadAverage the one-minute load average, negative if unknown
     */
    static Choice forExactSampling(long rows, long valuesPerRow, String property, int cores, double loadAverage) {
        Choice set = explicit(property);
        if (set != null) {
            return set;
        }
        long values = rows * valuesPerRow;
        String what = "exact sampling, largest array " + rows + " x " + valuesPerRow + " = " + values + " values";
        if (values < GRAIN) {
            return new Choice(1, what + ": below PyTorch's grain size " + GRAIN);
        }
        if (loadAverage >= cores) {
            return new Choice(1, what + ", but the machine is busy (load average "
                    + String.format(java.util.Locale.ROOT, "%.1f", loadAverage) + " on " + cores + " cores)");
        }
        return perCore(what, cores);
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
