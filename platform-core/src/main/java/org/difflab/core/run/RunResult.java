package org.difflab.core.run;

import java.nio.file.Path;

/**
 * What a run produced.
 *
 * @param directory the results directory
 * @param skipped true if the run had finished before and was not repeated
 * @param evaluation metric values (empty if skipped)
 * @param nfe denoiser evaluations per sample (0 if skipped)
 * @param samplingSeconds wall time of sampling alone
 */
public record RunResult(Path directory, boolean skipped, Evaluation evaluation, int nfe, double samplingSeconds) {}
