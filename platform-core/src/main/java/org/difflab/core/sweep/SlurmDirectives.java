package org.difflab.core.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.SpecPaths;
import org.difflab.core.spec.SpecProblem;
import tools.jackson.databind.JsonNode;

/**
 * What a cluster user asks Slurm for in an emitted job array: partition, time limit, memory, CPUs per task,
 * generic resources (GPUs), account, and any further {@code #SBATCH} lines. Read from the spec's
 * {@code sweep.slurm:} block and from {@code difflab sweep --emit slurm} options (an option replaces the spec's
 * value; extra lines from both are kept). Nothing here changes the sweep id or a trial's run id.
 *
 * <pre>
 * sweep:
 *   grid: {...}
 *   slurm: {partition: gpu, time: "02:00:00", mem: 16G, cpus_per_task: 8, gres: "gpu:1", account: proj42,
 *           extra: ["--qos=high", "--constraint=a100"]}
 * </pre>
 *
 * @param partition {@code --partition} (one or a comma-separated list), or null for the cluster's default
 * @param time {@code --time} in a Slurm time format (minutes, MM:SS, HH:MM:SS, D-HH[:MM[:SS]]), or null
 * @param mem {@code --mem} per node (a whole number of megabytes, or with a K, M, G or T suffix), or null
 * @param cpusPerTask {@code --cpus-per-task}; also PyTorch's thread count in each task
 * @param gres {@code --gres}, e.g. {@code gpu:1} or {@code gpu:a100:2}, or null
 * @param account {@code --account}, or null
 * @param extra further sbatch options, one per {@code #SBATCH} line (e.g. {@code --qos=high})
 */
public record SlurmDirectives(String partition, String time, String mem, int cpusPerTask, String gres, String account,
        List<String> extra) {

    /** CPUs per task when neither the spec nor an option says. */
    public static final int DEFAULT_CPUS_PER_TASK = 2;
    /** The keys accepted under {@code sweep.slurm:}. */
    public static final List<String> KEYS = List.of("partition", "time", "mem", "cpus_per_task", "gres", "account",
            "extra");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*");
    private static final Pattern TIME = Pattern.compile(
            "\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d{1,2}(:\\d{1,2}){0,2}|UNLIMITED|INFINITE");
    private static final Pattern MEM = Pattern.compile("[1-9]\\d*[KMGT]?");
    private static final Pattern GRES = Pattern.compile("[A-Za-z0-9_]+(:[A-Za-z0-9_.-]+)*(,[A-Za-z0-9_]+(:[A-Za-z0-9_.-]+)*)*");
    private static final Pattern OPTION = Pattern.compile("--?[A-Za-z][A-Za-z0-9-]*(([= ]).*)?");
    /** Options the script writes itself (so that the logs land in the sweep directory and the array is right). */
    private static final Map<String, String> MANAGED = Map.of("--array", "--tasks and --max-concurrent", "-a",
            "--tasks and --max-concurrent", "--output", "nothing: logs go to <sweep dir>/slurm/", "-o",
            "nothing: logs go to <sweep dir>/slurm/", "--error", "nothing: logs go to <sweep dir>/slurm/", "-e",
            "nothing: logs go to <sweep dir>/slurm/");
    /** Options with a typed setting of their own. */
    private static final Map<String, String> TYPED = Map.ofEntries(Map.entry("--partition", "partition"),
            Map.entry("-p", "partition"), Map.entry("--time", "time"), Map.entry("-t", "time"),
            Map.entry("--mem", "mem"), Map.entry("--cpus-per-task", "cpus_per_task"), Map.entry("-c", "cpus_per_task"),
            Map.entry("--gres", "gres"), Map.entry("--account", "account"), Map.entry("-A", "account"));
    private static final Set<String> WITHOUT_VALUE = Set.of("cpus_per_task");

    /** The settings given on the command line ({@code null}: not given). */
    public record Options(String partition, String time, String mem, Integer cpusPerTask, String gres, String account,
            List<String> extra) {}

    /** The {@code #SBATCH} lines for these settings (without the array, job name and output, which the script sets). */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (partition != null) {
            lines.add("--partition=" + partition);
        }
        if (account != null) {
            lines.add("--account=" + account);
        }
        if (time != null) {
            lines.add("--time=" + time);
        }
        lines.add("--ntasks=1");
        lines.add("--cpus-per-task=" + cpusPerTask);
        if (mem != null) {
            lines.add("--mem=" + mem);
        }
        if (gres != null) {
            lines.add("--gres=" + gres);
        }
        lines.addAll(extra);
        return lines;
    }

    /**
     * The spec's {@code sweep.slurm:} settings overridden by {@code options}.
     *
     * @throws SpecException naming every bad value, at its spec line or its option
     */
    public static SlurmDirectives of(SpecDocument document, Options options) {
        List<SpecProblem> problems = new ArrayList<>();
        Reader spec = new Reader(document, problems);
        JsonNode block = document.root().path("sweep").path("slurm");
        String partition = check(options.partition(), "--partition", NAME, problems,
                "expected a partition name (or a comma-separated list)");
        String time = check(options.time(), "--time", TIME, problems, TIME_ACCEPTED);
        String mem = check(options.mem(), "--mem", MEM, problems, MEM_ACCEPTED);
        String gres = check(options.gres(), "--gres", GRES, problems, GRES_ACCEPTED);
        String account = check(options.account(), "--account", NAME, problems, "expected an account name");
        Integer cpus = options.cpusPerTask();
        if (cpus != null && cpus < 1) {
            problems.add(new SpecProblem("--cpus-per-task", "", "expected at least 1, got " + cpus));
        }
        List<String> extra = new ArrayList<>();
        if (!block.isMissingNode() && !block.isNull()) {
            if (!block.isObject()) {
                spec.problem("sweep.slurm", "expected a mapping with keys " + String.join(", ", KEYS) + ", got "
                        + block);
            } else {
                for (String key : block.propertyNames()) {
                    if (!KEYS.contains(key)) {
                        spec.problem("sweep.slurm." + key, "unknown key '" + key + "'; accepted: "
                                + String.join(", ", KEYS));
                    }
                }
                partition = partition != null ? partition : spec.text(block, "partition", NAME,
                        "expected a partition name (or a comma-separated list)");
                time = time != null ? time : spec.text(block, "time", TIME, TIME_ACCEPTED);
                mem = mem != null ? mem : spec.text(block, "mem", MEM, MEM_ACCEPTED);
                gres = gres != null ? gres : spec.text(block, "gres", GRES, GRES_ACCEPTED);
                account = account != null ? account : spec.text(block, "account", NAME, "expected an account name");
                if (cpus == null) {
                    cpus = spec.count(block, "cpus_per_task");
                }
                extra.addAll(spec.lines(block));
            }
        }
        for (String line : options.extra()) {
            String problem = extraProblem(line);
            if (problem != null) {
                problems.add(new SpecProblem("--sbatch", "", problem));
            } else {
                extra.add(normalize(line));
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return new SlurmDirectives(partition, time, mem, cpus == null ? DEFAULT_CPUS_PER_TASK : cpus, gres, account,
                List.copyOf(extra));
    }

    private static final String TIME_ACCEPTED = "expected a Slurm time limit: minutes (30), MM:SS, HH:MM:SS (02:00:00),"
            + " D-HH, D-HH:MM or D-HH:MM:SS (1-12:00:00), or UNLIMITED";
    private static final String MEM_ACCEPTED = "expected memory per node: megabytes (4000) or a number with a K, M, G"
            + " or T suffix (16G)";
    private static final String GRES_ACCEPTED = "expected generic resources as name[:type]:count, e.g. gpu:1 or"
            + " gpu:a100:2 (several separated by commas)";

    private static String check(String value, String option, Pattern pattern, List<SpecProblem> problems,
            String accepted) {
        if (value != null && !pattern.matcher(value).matches()) {
            problems.add(new SpecProblem(option, "", accepted + "; got '" + value + "'"));
        }
        return value;
    }

    /** An sbatch option as written on an {@code #SBATCH} line (an optional "#SBATCH " prefix dropped). */
    private static String normalize(String line) {
        String text = line.strip();
        return text.startsWith("#SBATCH") ? text.substring("#SBATCH".length()).strip() : text;
    }

    /** What is wrong with an extra line, or null. */
    static String extraProblem(String line) {
        String text = normalize(line);
        if (text.contains("\n") || text.contains("\r") || !OPTION.matcher(text).matches()) {
            return "expected one sbatch option per line, such as --qos=high or --constraint=a100; got '" + line + "'";
        }
        String name = text.split("[= ]", 2)[0];
        if (MANAGED.containsKey(name)) {
            return "the script sets " + name + " itself; use " + MANAGED.get(name);
        }
        if (TYPED.containsKey(name)) {
            String key = TYPED.get(name);
            return "give " + name + " as its own setting (sweep.slurm." + key + " or --" + key.replace('_', '-')
                    + (WITHOUT_VALUE.contains(key) ? " N" : " VALUE") + "), not as an extra line";
        }
        return null;
    }

    /** Reads values of the spec's block, recording problems at their lines. */
    private record Reader(SpecDocument document, List<SpecProblem> problems) {

        void problem(String path, String message) {
            problems.add(new SpecProblem(document.where(path), path, message));
        }

        String text(JsonNode block, String key, Pattern pattern, String accepted) {
            JsonNode value = block.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            String text = value.isString() || value.isIntegralNumber() ? value.asString() : null;
            if (text == null || !pattern.matcher(text).matches()) {
                problem("sweep.slurm." + key, accepted + "; got " + value);
                return null;
            }
            return text;
        }

        Integer count(JsonNode block, String key) {
            JsonNode value = block.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
                problem("sweep.slurm." + key, "expected a whole number of at least 1, got " + value);
                return null;
            }
            return value.asInt();
        }

        List<String> lines(JsonNode block) {
            JsonNode value = block.get("extra");
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                problem("sweep.slurm.extra", "expected a list of sbatch options, e.g. [--qos=high], got " + value);
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                String path = SpecPaths.element("sweep.slurm.extra", i);
                JsonNode line = value.get(i);
                String problem = line.isString() ? extraProblem(line.asString())
                        : "expected a string such as --qos=high, got " + line;
                if (problem != null) {
                    problem(path, problem);
                } else {
                    lines.add(normalize(line.asString()));
                }
            }
            return lines;
        }
    }
}
