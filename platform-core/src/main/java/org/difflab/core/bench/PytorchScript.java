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
 * The repository's PyTorch reference of the training step, {@code bench/pytorch_mlp_step.py}, run with the first of
 * {@code $DIFFLAB_PYTHON}, {@code python3}, {@code /usr/bin/python3} (Debian's python3-torch) that imports torch.
 * Unavailable, with the reason, when the script or torch is missing.
 */
public final class PytorchScript {

    /** One run's figures, as the script measured them in its own process. */
    public record Figures(String torchVersion, String blas, double stepsPerSecond, double matmulGflops,
            long flopsPerStep) {}

    private final String python;
    private final Path script;
    private final String unavailable;

    private PytorchScript(String python, Path script, String unavailable) {
        this.python = python;
        this.script = script;
        this.unavailable = unavailable;
    }

    /** Looks for the script under the checkout ({@code difflab.home}, else the working directory) and for torch. */
    public static PytorchScript find() {
        Path home = Path.of(System.getProperty("difflab.home", "."));
        Path script = home.resolve("bench").resolve("pytorch_mlp_step.py").toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            return new PytorchScript(null, script, script + " not found (run from a difflab checkout)");
        }
        String chosen = System.getenv("DIFFLAB_PYTHON");
        List<String> candidates = chosen != null ? List.of(chosen) : List.of("python3", "/usr/bin/python3");
        List<String> reasons = new ArrayList<>();
        for (String python : candidates) {
            try {
                ScriptProcess probe = ScriptProcess.run(List.of(python, "-c", "import torch"), Map.of(), 120);
                if (probe.exitCode() == 0) {
                    return new PytorchScript(python, script, null);
                }
                reasons.add(python + ": " + probe.lastLine());
            } catch (IOException e) {
                reasons.add(python + ": " + e.getMessage());
            }
        }
        return new PytorchScript(null, script, "no Python with torch (" + String.join("; ", reasons)
                + "); install it (e.g. apt-get install python3-torch) or set DIFFLAB_PYTHON");
    }

    /** Whether the script can run. */
    public boolean available() {
        return unavailable == null;
    }

    /** Why the script cannot run. */
    public String whyUnavailable() {
        return unavailable;
    }

    /** The interpreter used. */
    public String python() {
        return python;
    }

    /**
     * Times {@code steps} steps (after 5 untimed ones) of the same network and batch on {@code threads} threads
     * (PyTorch's and its BLAS's), with OpenMP threads sleeping at barriers at once (not after difflab's bounded
     * spin, which slows its OpenBLAS).
     */
    public Figures run(int threads, int batch, int width, int depth, int steps) throws IOException {
        List<String> command = List.of(python, script.toString(), "--json", "--threads", String.valueOf(threads),
                "--batch", String.valueOf(batch), "--width", String.valueOf(width), "--depth", String.valueOf(depth),
                "--steps", String.valueOf(steps));
        // PyTorch's libgomp sleeps at once, as when the issue set the reference: its OpenBLAS products use threads of
        // their own, which a spinning libgomp thread competes with (17.3 against 21.3 steps/s at batch 4096)
        Map<String, String> waiting = new java.util.HashMap<>();
        waiting.put("OMP_WAIT_POLICY", System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));
        waiting.put("GOMP_SPINCOUNT", null);
        ScriptProcess result = ScriptProcess.run(command, waiting, 3600);
        if (result.exitCode() != 0) {
            throw new IOException("bench/pytorch_mlp_step.py failed (exit code " + result.exitCode() + "): "
                    + result.lastLine());
        }
        JsonNode node = JsonMapper.builder().build().readTree(result.lastLine());
        return new Figures(node.get("torch").asString(), node.get("blas").asString(),
                node.get("steps_per_second").asDouble(), node.get("matmul_gflops").asDouble(),
                node.get("flops_per_step").asLong());
    }
}
