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

    RunModelUnderTest(ConditionalDenoiser model, ForwardProcess process, DataSource data, DataType dataType, long seed,
            boolean exact, int likelihoodPoints) {
        this.model = model;
        this.process = process;
        this.data = data;
        this.dataType = dataType;
        this.seed = seed;
        this.exact = exact;
        this.likelihoodPoints = likelihoodPoints;
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
    public void close() {
        manager.close();
    }
}
