package org.difflab.core.train;

import java.io.PrintStream;
import java.nio.file.Path;
import org.difflab.core.run.RunDirectory;

/**
 * Where a run writes and how it was asked to run.
 *
 * @param directory the run's staging directory
 * @param checkpoints the directory for training checkpoints (outside the staging directory, so they survive)
 * @param results the results directory, whose {@code .cache} keeps trained networks for runs of the same training
 *     id ({@link TrainedNetworkCache}); null to train without looking there
 * @param resume continue training from the newest checkpoint
 * @param force start training over, discarding checkpoints and not reusing a stored network
 * @param log progress output
 */
public record RunContext(RunDirectory directory, Path checkpoints, Path results, boolean resume, boolean force,
        PrintStream log) {}
