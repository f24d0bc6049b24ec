package org.difflab.plugins.datafiles;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.difflab.api.DataSource;
import org.difflab.api.math.Rng;

/**
 * A data source that draws rows of a loaded {@link SampleTable} uniformly with replacement: draw k is row
 * {@code rng.nextInt(n)}, with that row's label where the file has labels. The class weights are the labels'
 * frequencies among the rows, which is exactly how often uniform draws carry each label.
 */
abstract class TableSource implements DataSource {

    /** The loaded rows (and labels). */
    abstract SampleTable table();

    @Override
    public Shape sampleShape() {
        return table().sampleShape();
    }

    @Override
    public NDArray sample(NDManager manager, int n, Rng rng) {
        return table().draw(manager, n, rng);
    }

    @Override
    public int classes() {
        return table().labels() == null ? 0 : table().labels().classes();
    }

    @Override
    public Labelled sampleLabelled(NDManager manager, int n, Rng rng) {
        return table().drawLabelled(manager, n, rng);
    }

    @Override
    public Optional<double[]> classWeights() {
        return table().labels() == null ? Optional.empty() : Optional.of(table().labels().frequencies());
    }
}
