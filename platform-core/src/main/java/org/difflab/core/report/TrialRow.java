package org.difflab.core.report;

import java.util.Map;
import org.difflab.core.sweep.SweepManifest;
import tools.jackson.databind.JsonNode;

/**
 * One trial's results as found on disk.
 *
 * @param trial the manifest's entry
 * @param status done (its run directory exists), failed (a failure record and no run directory) or pending
 * @param metrics metric values of the samples
 * @param dataBaseline the same metrics of a fresh data draw
 * @param nfe denoiser evaluations per sample, or null
 * @param samplingSeconds wall time of sampling, or null
 * @param wallSeconds wall time of the whole run (run.json's started_at to finished_at), or null
 * @param error the failure's message (failed trials)
 * @param provenance the run's run.json (null unless done)
 */
public record TrialRow(SweepManifest.Trial trial, String status, Map<String, Double> metrics,
        Map<String, Double> dataBaseline, Integer nfe, Double samplingSeconds, Double wallSeconds, String error,
        JsonNode provenance) {

    /** Status of a trial whose run directory exists. */
    public static final String DONE = "done";
    /** Status of a trial with a failure record and no run directory. */
    public static final String FAILED = "failed";
    /** Status of a trial with neither (not run yet, or running elsewhere). */
    public static final String PENDING = "pending";

    /** Whether the trial has results. */
    public boolean done() {
        return DONE.equals(status);
    }
}
