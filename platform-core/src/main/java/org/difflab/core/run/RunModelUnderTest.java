package org.difflab.core.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.model.ConditionalDenoiser;
import org.difflab.api.model.ModelUnderTest;

/** The run's model as a metric that needs it sees it: unguided, with held-out data from its own stream. */
final class RunModelUnderTest implements ModelUnderTest, AutoCloseable {

    private final ConditionalDenoiser model;
    private final ForwardProcess process;
    private final DataSource data;
    private final DataType dataType;
    private final long seed;
    private final boolean exact;
    private final int likelihoodPoints;
    private final NDManager manager = NDManager.newBaseManager();
    private final java.io.PrintStream log;
    private final boolean terminal;
    private final java.util.Map<String, me.tongfei.progressbar.ProgressBar> bars = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> quartersShown = new java.util.HashMap<>();

    /**
     * @param log where progress lines go
     * @param terminal whether {@code log} is a terminal (then progress is a bar on stderr, else a line per quarter)
     */
    RunModelUnderTest(ConditionalDenoiser model, ForwardProcess process, DataSource data, DataType dataType, long seed,
            boolean exact, int likelihoodPoints, java.io.PrintStream log, boolean terminal) {
        this.model = model;
        this.process = process;
        this.data = data;
        this.dataType = dataType;
        this.seed = seed;
        this.exact = exact;
        this.likelihoodPoints = likelihoodPoints;
        this.log = log;
        this.terminal = terminal;
    }

    @Override
    public ConditionalDenoiser model() {
        return model;
    }

    @Override
    public ForwardProcess process() {
        return process;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public boolean isExact() {
        return exact;
    }

    @Override
    public int likelihoodPoints() {
        return likelihoodPoints;
    }

    @Override
    public LabelledRows heldOut(int n) {
        // every request starts the same stream: metrics asking for n points get the same n points
        return LabelledRows.draw(data, n, SeedStreams.HELD_OUT.of(seed));
    }

    @Override
    public void progress(String task, double done, long total, String unit) {
        if (terminal) {
            bars.computeIfAbsent(task, name -> new me.tongfei.progressbar.ProgressBarBuilder().setTaskName(name)
                    .setInitialMax(total).setUnit(" " + unit, 1).showSpeed()
                    .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build())
                    .stepTo((long) Math.min(total, Math.floor(done)));
            return;
        }
        int quarter = (int) Math.min(4, Math.floor(4 * done / Math.max(1, total)));
        if (quarter > quartersShown.getOrDefault(task, 0) && quarter < 4) {
            quartersShown.put(task, quarter);
            log.printf("    %s: %.0f / %d %s%n", task, done, total, unit);
        }
    }

    @Override
    public void close() {
        bars.values().forEach(me.tongfei.progressbar.ProgressBar::close);
        manager.close();
    }
}
