package org.difflab.core.train;

import java.io.PrintStream;
import java.nio.file.Path;
import org.difflab.core.run.RunDirectory;

/**
 * Where a run writes and how it was asked to run.
 *
 * @param directory the run's staging directory
 * @param checkpoints the directory for training checkpoints (outside the staging directory, so they survive)
 * @param resume continue training from the newest checkpoint
 * @param force start training over, discarding checkpoints
 * @param log progress output
 */
public record RunContext(RunDirectory directory, Path checkpoints, boolean resume, boolean force, PrintStream log) {}
