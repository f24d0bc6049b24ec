package org.difflab.core.plot;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A plot with everything it takes from components (data draws, densities) already computed: what remains is drawing
 * and PNG encoding, which calls no plugin code, so it may run on another thread while the run computes its metrics.
 */
@FunctionalInterface
public interface PlotFile {

    /** Draws the plot and writes it as a PNG to {@code file}. */
    void writeTo(Path file) throws IOException;
}
