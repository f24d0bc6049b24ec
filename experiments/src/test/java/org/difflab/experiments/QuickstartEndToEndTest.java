package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.api.io.Npy;
import org.difflab.core.run.SeedStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 2 end to end: the quickstart spec runs through the CLI with the packaged plugin jars loaded from a
 * directory by the real plugin manager (the jars are not on this test's class path); also its saved trajectory.
 */
class QuickstartEndToEndTest {

    private static final Path QUICKSTART = Path.of(System.getProperty("difflab.root"), "experiments", "quickstart.yaml");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Samples of the trajectory runs. */
    private static final int TRAJECTORY_COUNT = 300;

    @TempDir
    Path out;

    @Test
    void theQuickstartWritesEveryResultFileWithProvenance() throws IOException {
        Cli.Result result = Cli.run("run", QUICKSTART.toString(), "--out", out.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path run = single(out.resolve("quickstart"));
        assertThat(result.out()).contains("35 NFE").contains("results: " + run);
        for (String file : List.of("spec.yaml", "run.json", "metrics.json", "samples.npy", "samples.png")) {
            assertThat(run.resolve(file)).isRegularFile();
        }
        Npy.Array samples = Npy.read(run.resolve("samples.npy"));
        assertThat(samples.shape()).containsExactly(10000, 2);

        JsonNode provenance = JSON.readTree(run.resolve("run.json").toFile());
        JsonNode solver = provenance.get("components").get("sampling.solver");
        assertThat(solver.get("id").asString()).isEqualTo("heun");
        assertThat(solver.get("plugin").asString()).isEqualTo("solvers");
        assertThat(solver.get("jar").asString()).isEqualTo("plugin-solvers-0.1.0.jar");
        assertThat(solver.get("jar_sha256").asString()).matches("[0-9a-f]{64}");
        assertThat(provenance.get("engine").get("version").asString()).isEqualTo("2.7.1");
        assertThat(provenance.get("seeds").get("run").asLong()).isEqualTo(7);
        assertThat(provenance.get("wall_seconds").has("sampling")).isTrue();
        // the tests set one PyTorch thread; run.json says so, and why
        JsonNode sampling = provenance.get("engine").get("intra_op_threads_by_phase").get("sampling");
        assertThat(sampling.get("threads").asInt()).isEqualTo(1);
        assertThat(sampling.get("reason").asString()).isEqualTo("set by -Dai.djl.pytorch.num_threads=1");

        JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile());
        assertThat(metrics.get("nfe").asInt()).isEqualTo(35);
        // Heun at 35 NFE on the exact denoiser: within a small factor of the data-vs-data floor (measured 4.8x
        // for energy distance; exact NLL within 0.1 nats of the data's own)
        double energy = metrics.get("metrics").get("energy_distance").asDouble();
        double floor = metrics.get("data_baseline").get("energy_distance").asDouble();
        assertThat(energy).isLessThan(10 * floor);
        assertThat(metrics.get("metrics").get("exact_nll").asDouble())
                .isCloseTo(metrics.get("data_baseline").get("exact_nll").asDouble(), org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void theSameSpecAndSeedGiveBitIdenticalSamplesAndAFinishedRunIsSkipped() throws IOException {
        String[] args = {"run", QUICKSTART.toString(), "--out", out.toString(), "--set", "sampling.count=500",
                "--set", "evaluation.plots=false", "--set", "evaluation.metrics=[]"};
        assertThat(Cli.run(args).exitCode()).isZero();
        Path run = single(out.resolve("quickstart"));
        byte[] first = Files.readAllBytes(run.resolve("samples.npy"));
        Cli.Result again = Cli.run(args);
        assertThat(again.out()).contains("already finished");
        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        assertThat(Cli.run(forced).exitCode()).isZero();
        assertThat(Files.readAllBytes(run.resolve("samples.npy"))).isEqualTo(first);
    }

    @Test
    void initialNoiseFromAFileReplacesTheSeedsDraws() throws IOException {
        int count = 300;
        double[] draws = SeedStreams.INITIAL_NOISE.of(7).gaussians(count * 2);
        Path noise = out.resolve("z.npy");
        Npy.write(noise, draws, new long[] {count, 2}, false);
        String[] common = {"--set", "sampling.count=" + count, "--set", "evaluation.plots=false",
                "--set", "evaluation.metrics=[]"};
        Cli.Result fromSeed = Cli.run(concat(new String[] {"run", QUICKSTART.toString(), "--out",
                out.resolve("a").toString()}, common));
        Cli.Result fromFile = Cli.run(concat(new String[] {"run", QUICKSTART.toString(), "--out",
                out.resolve("b").toString(), "--set", "sampling.initial_noise=" + noise}, common));
        assertThat(fromSeed.exitCode()).isZero();
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        // the file holds exactly the seed's draws, so the samples agree bit for bit
        assertThat(Npy.read(single(out.resolve("b/quickstart")).resolve("samples.npy")).values())
                .containsExactly(Npy.read(single(out.resolve("a/quickstart")).resolve("samples.npy")).values());

        Npy.write(noise, draws, new long[] {count * 2}, false);
        Cli.Result wrongShape = Cli.run(concat(new String[] {"run", QUICKSTART.toString(), "--out",
                out.resolve("c").toString(), "--set", "sampling.initial_noise=" + noise}, common));
        assertThat(wrongShape.exitCode()).isEqualTo(2);
        assertThat(wrongShape.err()).contains("sampling.initial_noise: " + noise + " has shape [600]; expected [300, 2]");
        assertThat(out.resolve("c")).doesNotExist();
    }

    @Test
    void timingsPrintEachPhaseOfARun() {
        Cli.Result result = Cli.run("--timings", "run", QUICKSTART.toString(), "--out", out.toString(), "--set",
                "sampling.count=200", "--set", "evaluation.plots=false", "--set", "evaluation.metrics=[energy_distance]");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (String phase : List.of("plugins", "spec", "sampling", "metrics", "total")) {
            assertThat(result.err()).containsPattern("timings: .*\\b" + phase + "=\\d+\\.\\d\\d\\b");
        }
        assertThat(Cli.run("run", QUICKSTART.toString(), "--out", out.toString(), "--force", "--set",
                "sampling.count=200", "--set", "evaluation.plots=false").err()).doesNotContain("timings:");
    }

    @Test
    void float32SamplingRunsAndStaysCloseToFloat64() throws IOException {
        String[] common = {"--set", "sampling.count=400", "--set", "evaluation.plots=false",
                "--set", "evaluation.metrics=[]"};
        assertThat(Cli.run(concat(new String[] {"run", QUICKSTART.toString(), "--out", out.resolve("f64").toString()},
                common)).exitCode()).isZero();
        assertThat(Cli.run(concat(new String[] {"run", QUICKSTART.toString(), "--out", out.resolve("f32").toString(),
                "--set", "sampling.precision=float32"}, common)).exitCode()).isZero();
        double[] wide = Npy.read(single(out.resolve("f64/quickstart")).resolve("samples.npy")).values();
        double[] narrow = Npy.read(single(out.resolve("f32/quickstart")).resolve("samples.npy")).values();
        double worst = 0;
        for (int i = 0; i < wide.length; i++) {
            worst = Math.max(worst, Math.abs(wide[i] - narrow[i]));
        }
        // float32 rounding (~1e-7 relative) accumulated over 35 evaluations from sigma = 80 stays far below 1e-3
        assertThat(worst).isGreaterThan(0).isLessThan(1e-3);
    }

    @Test
    void specErrorsExitWithTwoNameKeyLineAndAcceptedValuesAndWriteNothing() throws IOException {
        Path spec = out.resolve("bad.yaml");
        String good = Files.readString(QUICKSTART);
        // expected messages name the line where the offending key stands in the edited file ({line})
        record Case(String find, String replace, String key, String expected) {}
        List<Case> cases = List.of(
                new Case("  count: 10000", "  count: 10000\n  cout: 5", "cout:",
                        "bad.yaml:{line}: sampling.cout: unknown key 'cout'; accepted: solver, schedule, count,"
                                + " precision, initial_noise, batch_size, save_trajectory, labels, guidance, prior,"
                                + " prior_sigma_data (did you mean 'count'?)"),
                new Case("{type: heun}", "{type: hune}", "hune", "bad.yaml:{line}: sampling.solver.type: unknown solver"
                        + " 'hune'; accepted: consistency, ddim, ddpm-ancestral, deis, dpm-solver, dpm-solver-multistep,"
                        + " dpmpp-2m, dpmpp-2m-sde, dpmpp-2s, dpmpp-2s-ancestral, dpmpp-3m, dpmpp-3m-sde, dpmpp-sde, edm-stochastic,"
                        + " euler, euler-ancestral, euler-maruyama, heun, ipndm, lms, optimised-multistep, pc, rk2, rk45,"
                        + " unipc (did you mean 'heun'?)"),
                new Case("steps: 18", "steps: eighteen", "eighteen",
                        "bad.yaml:{line}: sampling.schedule.steps: expected an integer, got 'eighteen'"),
                new Case("sigma_max: 80", "sigma_max: -80", "sigma_max: -80",
                        "bad.yaml:{line}: process.sigma_max: must be > 0, got -80"));
        for (Case c : cases) {
            String edited = good.replace(c.find(), c.replace());
            Files.writeString(spec, edited);
            int line = edited.substring(0, edited.indexOf(c.key())).split("\n", -1).length;
            Cli.Result result = Cli.run("run", spec.toString(), "--out", out.resolve("results").toString());
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains("error: " + c.expected().replace("{line}", Integer.toString(line)));
            assertThat(out.resolve("results")).doesNotExist();
        }
    }

    @Test
    void pluginsListsEveryPluginAndDescribeDocumentsOptions() {
        Cli.Result plugins = Cli.run("plugins");
        assertThat(plugins.exitCode()).isZero();
        assertThat(plugins.out()).contains("solvers 0.1.0  plugin-solvers-0.1.0.jar")
                .containsPattern("solver +heun +Heun")
                .containsPattern("process +edm +EDM process");
        Cli.Result describe = Cli.run("describe", "karras");
        assertThat(describe.exitCode()).isZero();
        assertThat(describe.out()).contains("karras (schedule)", "plugin: schedules 0.1.0 (plugin-schedules-0.1.0.jar)",
                "steps      integer; default 18; >= 1", "rho        number; default 7; > 0");
        Cli.Result heun = Cli.run("describe", "heun");
        assertThat(heun.out()).contains("order: 2");
        Cli.Result unknown = Cli.run("describe", "hune");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no component 'hune'; known ids:");
    }

    /**
     * {@code sampling.save_trajectory: true}: the quickstart (Heun, 18 steps on EDM's process) writes the state at
     * every grid time and each step's x0_hat, in several batches, without changing the samples.
     */
    @Test
    void savesEveryStateAndDenoisedOutputWithoutChangingTheSamples() throws IOException {
        // the same batches for both (a matrix product may round differently for another batch size)
        Path plain = runSmall("plain", "--set", "sampling.batch_size=128");
        Path saved = runSmall("saved", "--set", "sampling.save_trajectory=true", "--set", "sampling.batch_size=128");
        assertThat(plain.resolve("trajectory.npy")).doesNotExist();
        assertThat(Files.readAllBytes(saved.resolve("samples.npy"))).isEqualTo(Files.readAllBytes(plain.resolve(
                "samples.npy")));

        Npy.Array trajectory = Npy.read(saved.resolve("trajectory.npy"));
        Npy.Array denoised = Npy.read(saved.resolve("denoised.npy"));
        Npy.Array times = Npy.read(saved.resolve("trajectory_times.npy"));
        assertThat(trajectory.shape()).containsExactly(19, TRAJECTORY_COUNT, 2);
        assertThat(denoised.shape()).containsExactly(18, TRAJECTORY_COUNT, 2);
        assertThat(times.shape()).containsExactly(19);
        assertThat(times.values()[0]).isEqualTo(80.0);
        assertThat(times.values()[18]).isEqualTo(0.0);

        int size = TRAJECTORY_COUNT * 2;
        // the first state is the prior draw sigma(t_0) z (EDM: sigma = t = 80), the last the samples
        double[] z = SeedStreams.INITIAL_NOISE.of(7).gaussians(size);
        assertThat(slice(trajectory.values(), 0, size)).containsExactly(Arrays.stream(z).map(v -> v * 80).toArray());
        assertThat(slice(trajectory.values(), 18, size)).containsExactly(Npy.read(saved.resolve("samples.npy"))
                .values());
        // Heun's final Euler step from sigma to 0 on EDM's process is x + (0 - sigma)(x - D)/sigma = D: the sample is
        // the last step's x0_hat, to rounding
        double[] last = slice(denoised.values(), 17, size);
        double[] samples = slice(trajectory.values(), 18, size);
        for (int i = 0; i < size; i++) {
            assertThat(samples[i]).isCloseTo(last[i], org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(denoised.values()).doesNotContain(Double.NaN);
    }

    /** A step that evaluates nothing leaves NaN in denoised.npy: pc with neither predictor nor corrector steps. */
    @Test
    void aStepWithoutEvaluationIsNaN() throws IOException {
        Path saved = runSmall("pc", "--set", "sampling.save_trajectory=true", "--set",
                "sampling.solver={type: pc, predictor: none, corrector_steps: 0}");
        Npy.Array trajectory = Npy.read(saved.resolve("trajectory.npy"));
        Npy.Array denoised = Npy.read(saved.resolve("denoised.npy"));
        int size = TRAJECTORY_COUNT * 2;
        for (int i = 0; i < 17; i++) {
            assertThat(slice(denoised.values(), i, size)).containsOnly(Double.NaN);
            assertThat(slice(trajectory.values(), i + 1, size)).containsExactly(slice(trajectory.values(), 0, size));
        }
        // its final step is the denoised sample alpha(0) x0_hat(x, t_17)
        assertThat(slice(trajectory.values(), 18, size)).containsExactly(slice(denoised.values(), 17, size));
    }

    @Test
    void aTrajectoryTooLargeToHoldIsBadInput() throws IOException {
        Cli.Result result = Cli.run("run", QUICKSTART.toString(), "--out", out.resolve("big").toString(), "--set",
                "sampling.count=100000000", "--set", "sampling.save_trajectory=true");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("sampling.save_trajectory: the trajectory of 100000000 samples over 18 steps"
                + " would hold 3800000000 values per file");
        assertThat(out.resolve("big")).doesNotExist();
    }

    private static Path single(Path experimentDirectory) throws IOException {
        try (Stream<Path> runs = Files.list(experimentDirectory)) {
            return runs.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isDirectory(p))
                    .filter(p -> !p.getFileName().toString().endsWith(".checkpoints")).reduce((a, b) -> {
                        throw new AssertionError("more than one run in " + experimentDirectory);
                    }).orElseThrow();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A quickstart run of TRAJECTORY_COUNT samples without plots or metrics into out/name, with settings. */
    private Path runSmall(String name, String... settings) throws IOException {
        String[] common = {"run", QUICKSTART.toString(), "--out", out.resolve(name).toString(), "--set",
            "sampling.count=" + TRAJECTORY_COUNT, "--set", "evaluation.plots=false", "--set", "evaluation.metrics=[]"};
        String[] args = Arrays.copyOf(common, common.length + settings.length);
        System.arraycopy(settings, 0, args, common.length, settings.length);
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return single(out.resolve(name).resolve("quickstart"));
    }

    /** Entry {@code index} of the first axis of a flattened array whose entries have {@code size} values. */
    private static double[] slice(double[] values, int index, int size) {
        return Arrays.copyOfRange(values, index * size, (index + 1) * size);
    }
}
