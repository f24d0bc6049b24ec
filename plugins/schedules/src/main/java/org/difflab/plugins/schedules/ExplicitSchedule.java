package org.difflab.plugins.schedules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.SpecFile;
import org.difflab.api.TimestepSchedule;
import org.difflab.api.io.Npy;
import org.pf4j.Extension;

/**
 * A grid given outright: a list of noise levels or of times in the spec, or a file of them (.npy of any shape
 * read flat, or .csv/.txt with numbers separated by commas, spaces or new lines and {@code #} comments). The
 * entries are the times at which the denoiser is evaluated, t_0 &gt; ... &gt; t_{N-1}, then the final time
 * tMin is appended; an entry at the data end itself (time tMin, or noise level 0) is taken as that final time
 * instead. An ascending list is read in reverse. This is the format {@code difflab optimize-schedule} writes.
 *
 * <p>Checked: at least one entry before the final time, every entry finite, strictly monotone, and inside the
 * process's range (times in [tMin, tMax], noise levels up to the level at tMax). A bad file is named in the error.
 * The file's bytes count in the run id (it is a {@link SpecFile} option).
 */
@Extension
@Component(id = "explicit", summary = "A grid given as a list or a .npy/.csv file of noise levels or times",
        example = "{noise_levels: [10.0, 1.0, 0.1, 0.02]}")
public final class ExplicitSchedule implements TimestepSchedule {

    /** Options of {@link ExplicitSchedule}; give exactly one of noise_levels, times and file. */
    public record Options(
            @Param(doc = "noise levels sigma/alpha of the grid, e.g. [80, 10, 1, 0.1, 0.002] (then the final step"
                    + " to the data end; a trailing 0 is that final step)", defaultValue = "[]", min = 0)
            double[] noiseLevels,
            @Param(doc = "times of the grid in the process's own t (then the final step to tMin; a trailing tMin is"
                    + " that final step)", defaultValue = "[]") double[] times,
            @Param(doc = "a .npy, .csv or .txt file of the grid's values (relative to the spec's folder)",
                    defaultValue = "null") SpecFile file,
            @Param(doc = "what the file's values are: noise_levels or times", defaultValue = "noise_levels")
            GridUnit unit) {

        public Options {
            noiseLevels = noiseLevels == null ? new double[0] : noiseLevels;
            times = times == null ? new double[0] : times;
            unit = unit == null ? GridUnit.NOISE_LEVELS : unit;
            int given = (noiseLevels.length > 0 ? 1 : 0) + (times.length > 0 ? 1 : 0) + (file != null ? 1 : 0);
            if (given != 1) {
                throw new InvalidOptionException(file != null ? "file" : "noise_levels", "give exactly one of"
                        + " noise_levels, times and file (got " + given + ")");
            }
        }
    }

    private final double[] values;
    private final GridUnit unit;
    /** Where the values came from, for errors: "noise_levels", "times" or the file's spelling. */
    private final String source;
    /** The option key errors are reported under. */
    private final String key;

    /** An explicit grid; a file is read and checked for numbers here, the range when the process is known. */
    public ExplicitSchedule(Options options) {
        if (options.file() != null) {
            this.values = read(options.file());
            this.unit = options.unit();
            this.source = options.file().spelling();
            this.key = "file";
        } else if (options.times().length > 0) {
            this.values = options.times().clone();
            this.unit = GridUnit.TIMES;
            this.source = "times";
            this.key = "times";
        } else {
            this.values = options.noiseLevels().clone();
            this.unit = GridUnit.NOISE_LEVELS;
            this.source = "noise_levels";
            this.key = "noise_levels";
        }
        checkNumbers();
    }

    /** The file's numbers in order. */
    static double[] read(SpecFile file) {
        Path path = file.path();
        String name = path.getFileName().toString().toLowerCase();
        if (!Files.isRegularFile(path)) {
            throw new InvalidOptionException("file", file.spelling() + ": not a regular file");
        }
        if (name.endsWith(".npy")) {
            try {
                return Npy.read(path).values();
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("file", file.spelling() + ": " + e.getMessage());
            }
        }
        if (!name.endsWith(".csv") && !name.endsWith(".txt")) {
            throw new InvalidOptionException("file", file.spelling() + ": unknown format; accepted: .npy (float32 or"
                    + " float64), .csv or .txt (numbers separated by commas, spaces or new lines, # comments)");
        }
        List<Double> numbers = new ArrayList<>();
        try {
            int line = 0;
            for (String text : Files.readAllLines(path)) {
                line++;
                int comment = text.indexOf('#');
                String body = comment >= 0 ? text.substring(0, comment) : text;
                for (String token : body.trim().split("[,\\s]+")) {
                    if (token.isEmpty()) {
                        continue;
                    }
                    try {
                        numbers.add(Double.parseDouble(token));
                    } catch (NumberFormatException e) {
                        throw new InvalidOptionException("file", file.spelling() + ", line " + line + ": '" + token
                                + "' is not a number");
                    }
                }
            }
        } catch (IOException e) {
            throw new InvalidOptionException("file", file.spelling() + ": cannot be read (" + e.getMessage() + ")");
        }
        return numbers.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private void checkNumbers() {
        if (values.length == 0) {
            throw new InvalidOptionException(key, source + ": holds no values; need at least one noise level or"
                    + " time");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidOptionException(key, source + ": value " + values[i] + " at index " + i
                        + " is not finite");
            }
        }
        boolean descending = values.length < 2 || values[0] > values[1];
        for (int i = 1; i < values.length; i++) {
            if (descending ? !(values[i] < values[i - 1]) : !(values[i] > values[i - 1])) {
                throw new InvalidOptionException(key, source + ": not strictly monotone at index " + i + " ("
                        + values[i - 1] + " then " + values[i] + "); a grid is strictly decreasing (or increasing)");
            }
        }
    }

    @Override
    public double[] times(ForwardProcess process) {
        double[] descending = values.clone();
        if (descending.length > 1 && descending[0] < descending[1]) {
            for (int i = 0, j = descending.length - 1; i < j; i++, j--) {
                double swap = descending[i];
                descending[i] = descending[j];
                descending[j] = swap;
            }
        }
        double tMin = process.tMin();
        double end = unit == GridUnit.TIMES ? tMin : process.noiseLevel(tMin);
        boolean hasFinal = descending[descending.length - 1] == end;
        int steps = hasFinal ? descending.length - 1 : descending.length;
        if (steps < 1) {
            throw new InvalidOptionException(key, source + ": only the data end " + end + "; need at least one"
                    + " " + (unit == GridUnit.TIMES ? "time" : "noise level") + " above it");
        }
        double[] times = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            times[i] = unit == GridUnit.TIMES ? checkedTime(descending[i], process) : timeOf(descending[i], process);
        }
        times[steps] = tMin;
        return times;
    }

    private double checkedTime(double t, ForwardProcess process) {
        if (!(t > process.tMin() && t <= process.tMax())) {
            throw new InvalidOptionException(key, source + ": time " + t + " is outside the process's range ("
                    + process.tMin() + ", " + process.tMax() + "]");
        }
        return t;
    }

    private double timeOf(double level, ForwardProcess process) {
        double lowest = process.noiseLevel(process.tMin());
        double highest = process.noiseLevel(process.tMax());
        if (!(level > lowest && level <= highest)) {
            throw new InvalidOptionException(key, source + ": noise level " + level + " is outside the process's"
                    + " range (" + lowest + ", " + highest + "]");
        }
        try {
            return process.timeAtNoiseLevel(level);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(key, source + ": " + e.getMessage());
        }
    }

    /** The values as given (after reading the file), in their order. */
    public double[] values() {
        return values.clone();
    }

    @Override
    public String toString() {
        return "ExplicitSchedule[" + source + ", " + values.length + " " + unit.name().toLowerCase() + "]";
    }
}
