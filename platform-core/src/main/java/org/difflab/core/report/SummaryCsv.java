package org.difflab.core.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.difflab.core.sweep.Labels;
import org.difflab.core.sweep.SweepManifest;

/**
 * summary.csv: one row per trial in index order. Columns: index, run_id, status, each swept key (full dotted
 * name), repeat (when repeated), seed (unless swept), each metric, each metric's data baseline
 * ({@code <metric>_data}, for metrics that have one), nfe, sampling_seconds, wall_seconds, same_run_as, error. Numbers are written in full precision (Java's shortest
 * round-trip form), so identical runs give identical rows; only the two time columns vary between machines.
 */
public final class SummaryCsv {

    /** Columns whose values are wall-clock times (the only ones that differ between identical sweeps). */
    public static final List<String> TIME_COLUMNS = List.of("sampling_seconds", "wall_seconds");

    private SummaryCsv() {}

    /** The header row. */
    public static List<String> header(SweepResults results) {
        List<String> header = new ArrayList<>(List.of("index", "run_id", "status"));
        header.addAll(results.manifest().keys());
        if (results.manifest().repeat() > 1) {
            header.add("repeat");
        }
        if (!results.manifest().keys().contains("seed")) {
            header.add("seed");
        }
        header.addAll(results.metricIds());
        results.baselineIds().forEach(m -> header.add(m + "_data"));
        header.addAll(List.of("nfe", "sampling_seconds", "wall_seconds", "same_run_as", "error"));
        return header;
    }

    /** The CSV text. */
    public static String text(SweepResults results) {
        StringWriter text = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            csv.printRecord(header(results));
            for (TrialRow row : results.rows()) {
                SweepManifest.Trial trial = row.trial();
                List<Object> cells = new ArrayList<>(List.of(trial.index(), trial.runId(), row.status()));
                results.manifest().keys().forEach(k -> cells.add(Labels.value(trial.values().get(k))));
                if (results.manifest().repeat() > 1) {
                    cells.add(trial.repeat());
                }
                if (!results.manifest().keys().contains("seed")) {
                    cells.add(trial.seed());
                }
                results.metricIds().forEach(m -> cells.add(number(row.metrics().get(m))));
                results.baselineIds().forEach(m -> cells.add(number(row.dataBaseline().get(m))));
                cells.add(row.nfe() == null ? "" : row.nfe());
                cells.add(number(row.samplingSeconds()));
                cells.add(number(row.wallSeconds()));
                cells.add(trial.sameRunAs() == null ? "" : trial.sameRunAs());
                cells.add(row.error() == null ? "" : row.error());
                csv.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String number(Double value) {
        return value == null ? "" : Double.toString(value);
    }
}
