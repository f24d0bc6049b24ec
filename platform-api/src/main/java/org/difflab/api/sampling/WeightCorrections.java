package org.difflab.api.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-step corrections to the weights a multistep solver gives its past model outputs (denoiser outputs D or slopes
 * eps, as its {@code base} method combines them), fitted on one fixed grid (learned-solver coefficients: S4S, Frankel
 * et al. 2025; Bespoke solvers, Shaul et al. 2023). Step i starts at noise level {@code levels[i]};
 * {@code delta[i][k]} is added to the weight of the output of step i-1-k and subtracted from the weight of step i's,
 * so that the weights keep summing to 1 (the step stays consistent). Step i has only i earlier outputs, so
 * delta[i][k] = 0 for k &gt;= i.
 *
 * <p>The file format (written by {@code difflab optimize-schedule --coefficients}, read by the
 * {@code optimised-multistep} solver): text, {@code #} comments; first a line {@code base: <method>}, then one line
 * per step with {@value #PER_STEP} + 1 numbers separated by commas or spaces: the step's starting noise level and
 * delta_1 .. delta_{@value #PER_STEP}; levels positive and strictly decreasing.
 *
 * @param base the method whose weights are corrected (a solver id, e.g. ipndm)
 * @param levels the noise level each step starts from, descending
 * @param delta corrections per step, {@value #PER_STEP} each
 */
public record WeightCorrections(String base, double[] levels, double[][] delta) {

    /** Corrections per step: the weights of the outputs of steps i-1, i-2, i-3. */
    public static final int PER_STEP = 3;

    /** What the file must hold, for error messages. */
    public static final String ACCEPTED = "a line 'base: <method>', then one line per step: its starting noise"
            + " level, then the corrections to the weights of the outputs of steps i-1, i-2, i-3, four finite numbers"
            + " separated by commas or spaces, levels positive and strictly decreasing, corrections 0 where step i has"
            + " no such earlier output (k >= i); '#' starts a comment";

    public WeightCorrections {
        levels = levels.clone();
        delta = Arrays.stream(delta).map(double[]::clone).toArray(double[][]::new);
    }

    /** The number of steps. */
    public int steps() {
        return levels.length;
    }

    /** Whether step {@code step} has the earlier output that correction {@code k} weights (k &lt; step). */
    public static boolean exists(int step, int k) {
        return k < step;
    }

    /**
     * The file's text: {@code comments} (each line prefixed with "# "), then one line per step; values as
     * Double.toString writes them, the shortest text that reads back exactly.
     */
    public String text(List<String> comments) {
        StringBuilder text = new StringBuilder();
        comments.forEach(c -> text.append("# ").append(c).append('\n'));
        text.append("base: ").append(base).append('\n');
        for (int i = 0; i < levels.length; i++) {
            text.append(levels[i]);
            for (double d : delta[i]) {
                text.append(", ").append(d);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /**
     * Reads the file's lines.
     *
     * @throws IllegalArgumentException naming the line at fault and what is accepted
     */
    public static WeightCorrections parse(List<String> lines) {
        List<double[]> rows = new ArrayList<>();
        String base = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            if (base == null) {
                if (!content.startsWith("base:") || content.substring(5).isBlank()) {
                    throw new IllegalArgumentException("line " + (n + 1) + " ('" + content + "'): expected 'base:"
                            + " <method>' first; accepted: " + ACCEPTED);
                }
                base = content.substring(5).trim();
                continue;
            }
            String[] tokens = content.split("[,\\s]+");
            String where = "line " + (n + 1) + " ('" + content + "'): ";
            if (tokens.length != 1 + PER_STEP) {
                throw new IllegalArgumentException(where + tokens.length + " numbers; accepted: " + ACCEPTED);
            }
            double[] row = new double[tokens.length];
            for (int k = 0; k < tokens.length; k++) {
                try {
                    row[k] = Double.parseDouble(tokens[k]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "'" + tokens[k] + "' is not a number; accepted: "
                            + ACCEPTED);
                }
                if (!Double.isFinite(row[k])) {
                    throw new IllegalArgumentException(where + "'" + tokens[k] + "' is not finite; accepted: "
                            + ACCEPTED);
                }
            }
            int step = rows.size();
            if (!(row[0] > 0) || (step > 0 && !(row[0] < rows.get(step - 1)[0]))) {
                throw new IllegalArgumentException(where + "noise level " + row[0] + " is not positive and below the"
                        + " previous line's; accepted: " + ACCEPTED);
            }
            for (int k = 0; k < PER_STEP; k++) {
                if (!exists(step, k) && row[1 + k] != 0) {
                    throw new IllegalArgumentException(where + "step " + step + " has no output of step " + step
                            + " - " + (k + 1) + ", so its correction must be 0; accepted: " + ACCEPTED);
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no steps; accepted: " + ACCEPTED);
        }
        double[] levels = rows.stream().mapToDouble(r -> r[0]).toArray();
        double[][] delta = rows.stream().map(r -> Arrays.copyOfRange(r, 1, r.length)).toArray(double[][]::new);
        return new WeightCorrections(base, levels, delta);
    }
}
