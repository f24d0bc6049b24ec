package org.difflab.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's numpy reference, {@code bench/exact_sampling.py}, run with whatever {@code python3} has numpy
 * ({@code $DIFFLAB_PYTHON} to choose another interpreter). Unavailable, with the reason, when the script or numpy
 * is missing.
 */
public final class NumpyScript {

    private final String python;
    private final Path script;
    private final String version;
    private final String unavailable;

    private NumpyScript(String python, Path script, String version, String unavailable) {
        this.python = python;
        this.script = script;
        this.version = version;
        this.unavailable = unavailable;
    }

    /**
     * Looks for the script under the checkout ({@code difflab.home}, set by bin/difflab; else the working directory)
     * and asks the interpreter for numpy's version.
     */
    public static NumpyScript find() {
        String python = System.getenv().getOrDefault("DIFFLAB_PYTHON", "python3");
        Path home = Path.of(System.getProperty("difflab.home", "."));
        Path script = home.resolve("bench").resolve("exact_sampling.py").toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            return new NumpyScript(python, script, null, script + " not found (run from a difflab checkout)");
        }
        try {
            ScriptProcess probe = execute(List.of(python, "-c", "import numpy; print(numpy.__version__)"), 60);
            if (probe.exitCode() != 0) {
                return new NumpyScript(python, script, null, python + " has no numpy (" + probe.lastLine()
                        + "); install it (e.g. apt-get install python3-numpy) or set DIFFLAB_PYTHON");
            }
            return new NumpyScript(python, script, probe.output().strip(), null);
        } catch (IOException e) {
            return new NumpyScript(python, script, null, "no " + python + " (" + e.getMessage() + ")");
        }
    }

    /** Whether the script can run. */
    public boolean available() {
        return unavailable == null;
    }

    /** Why the script cannot run. */
    public String whyUnavailable() {
        return unavailable;
    }

    /** Interpreter and numpy version. */
    public String describe() {
        return python + ", numpy " + version + ", one BLAS thread";
    }

    /**
     * Seconds of one sampling pass: the script runs two passes in one process and the second is taken (the first
     * pays for page faults and caches, as difflab's warm-up run does).
     *
     * @param samples where to write the samples, or null
     */
    public double time(Path mixture, Path noise, String precision, Path samples) throws IOException {
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--mixture", mixture.toString(),
                "--noise", noise.toString(), "--precision", precision, "--rounds", "2"));
        if (samples != null) {
            command.addAll(List.of("--out", samples.toString()));
        }
        ScriptProcess result = execute(command, 3600);
        if (result.exitCode() != 0) {
            throw new IOException("bench/exact_sampling.py failed (exit code " + result.exitCode() + "): "
                    + result.lastLine());
        }
        double seconds = Double.NaN;
        JsonMapper json = JsonMapper.builder().build();
        for (String line : result.output().split("\n")) {
            if (line.startsWith("{")) {
                JsonNode node = json.readTree(line);
                seconds = node.get("seconds").asDouble();
            }
        }
        return seconds;
    }

    // one BLAS thread: numpy's matrix products here are small, and OpenBLAS's spinning threads made the script
    // 4x slower on a busy machine, which would flatter difflab
    private static ScriptProcess execute(List<String> command, long timeoutSeconds) throws IOException {
        return ScriptProcess.run(command, Map.of("OPENBLAS_NUM_THREADS", "1", "OMP_NUM_THREADS", "1",
                "MKL_NUM_THREADS", "1"), timeoutSeconds);
    }
}
