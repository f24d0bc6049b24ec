package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.difflab.api.io.Npy;
import org.difflab.core.run.SeedStreams;
import org.difflab.experiments.wrong.FalseOrderSolver;
import org.difflab.experiments.wrong.HeunToDataSolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 9 item 1, through the CLI with the packaged plugin jars: a run's id covers every input, not only the spec's
 * text. A changed initial-noise file, data file (npy, idx, image folder) or rebuilt plugin jar is a new run, where it
 * used to be reported as "already finished" with the old results; the same bytes (a file merely touched) are the
 * same run; run.json records what the id covers.
 */
class RunInputsEndToEndTest {

    private static final Path QUICKSTART = Path.of(System.getProperty("difflab.root"), "experiments", "quickstart.yaml");
    private static final Path ROOT = Path.of(System.getProperty("difflab.root"));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern RUN_LINE = Pattern.compile("difflab run [^ ]+ \\(run ([0-9a-f]{12})\\)");
    private static final String[] SMALL = {"--set", "sampling.count=300", "--set", "evaluation.plots=false",
        "--set", "evaluation.metrics=[]"};

    @TempDir
    Path dir;

    @Test
    void aChangedInitialNoiseFileIsANewRunWhileTheSameBytesAreTheSameRun() throws IOException {
        Path noise = dir.resolve("z.npy");
        Npy.write(noise, SeedStreams.INITIAL_NOISE.of(1).gaussians(600), new long[] {300, 2}, false);
        String[] args = concat(new String[] {"run", QUICKSTART.toString(), "--out", dir.resolve("out").toString(),
            "--set", "sampling.initial_noise=" + noise}, SMALL);
        String first = ranRunId(Cli.run(args));

        Npy.write(noise, SeedStreams.INITIAL_NOISE.of(1).gaussians(600), new long[] {300, 2}, false);   // same bytes
        assertThat(Cli.run(args).out()).contains("run " + first + " of quickstart already finished");

        Npy.write(noise, SeedStreams.INITIAL_NOISE.of(2).gaussians(600), new long[] {300, 2}, false);   // new draws
        String second = ranRunId(Cli.run(args));
        assertThat(second).isNotEqualTo(first);
        Path results = dir.resolve("out/quickstart");
        assertThat(Npy.read(results.resolve(second).resolve("samples.npy")).values())
                .isNotEqualTo(Npy.read(results.resolve(first).resolve("samples.npy")).values());
        JsonNode file = JSON.readTree(results.resolve(second).resolve("run.json").toFile())
                .get("files").get("sampling.initial_noise");
        assertThat(file.get("file").asString()).isEqualTo(noise.toString());
        assertThat(file.get("sha256").asString()).isEqualTo(sha256(noise));
    }

    /** A tiny network run on data from a file: two training steps, a few samples. */
    private static String fileDataSpec(String data) {
        return """
                experiment: file-data
                seed: 1
                data: %s
                process: {type: edm}
                model: {type: mlp, width: 16, depth: 2, embedding_dim: 8}
                parameterization: {type: edm, sigma_data: 0.5}
                preconditioner: {type: edm, sigma_data: 0.5}
                training: {steps: 2, batch_size: 8, checkpoint_every: 2, log_every: 1}
                sampling: {solver: euler, schedule: {type: karras, steps: 2}, count: 4}
                evaluation: {metrics: [], plots: false}
                """.formatted(data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"npy", "idx", "image-folder"})
    void aChangedDataFileIsANewRun(String source) throws IOException {
        Path data = switch (source) {
            case "npy" -> dir.resolve("data.npy");
            case "idx" -> dir.resolve("images-idx3-ubyte");
            default -> Files.createDirectories(dir.resolve("images"));
        };
        writeData(source, data, 1);
        Path spec = Files.writeString(dir.resolve("spec.yaml"), fileDataSpec("{type: " + source + ", path: "
                + data.getFileName() + "}"));
        String[] args = {"run", spec.toString(), "--out", dir.resolve("out").toString()};
        String first = ranRunId(Cli.run(args));
        assertThat(Cli.run(args).out()).contains("run " + first + " of file-data already finished");

        writeData(source, data, 2);
        String second = ranRunId(Cli.run(args));
        assertThat(second).isNotEqualTo(first);
        JsonNode provenance = JSON.readTree(dir.resolve("out/file-data").resolve(second).resolve("run.json").toFile());
        assertThat(provenance.get("files").get("data.path").get("file").asString()).isEqualTo(data.getFileName().toString());
        assertThat(provenance.get("files").get("data.path").get("sha256").asString()).matches("[0-9a-f]{64}");
    }

    /** Data of 6 samples whose values depend on {@code variant}; the npy and idx files keep their size. */
    private static void writeData(String source, Path data, int variant) throws IOException {
        Random random = new Random(variant);
        switch (source) {
            case "npy" -> {
                double[] values = new double[12];
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextGaussian();
                }
                Npy.write(data, values, new long[] {6, 2}, false);
            }
            case "idx" -> {
                try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(data))) {
                    out.writeInt(0x00000803);
                    out.writeInt(6);
                    out.writeInt(4);
                    out.writeInt(4);
                    byte[] pixels = new byte[6 * 16];
                    random.nextBytes(pixels);
                    out.write(pixels);
                }
            }
            default -> {
                for (int k = 0; k < 6; k++) {
                    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
                    for (int y = 0; y < 4; y++) {
                        for (int x = 0; x < 4; x++) {
                            image.getRaster().setSample(x, y, 0, random.nextInt(256));
                        }
                    }
                    ImageIO.write(image, "png", data.resolve("image-" + k + ".png").toFile());
                }
            }
        }
    }

    @Test
    void aRebuiltPluginJarIsANewRun() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = plugins.resolve("my-solvers.jar");
        PluginJars.build(jar, "my-solvers", ">=0.1.0", List.of(FalseOrderSolver.class));
        String[] args = concat(new String[] {"--plugins", plugins.toString(), "run", QUICKSTART.toString(), "--out",
            dir.resolve("out").toString(), "--set", "sampling.solver.type=false-order"}, SMALL);
        String first = ranRunId(Cli.run(args));
        assertThat(Cli.run(args).out()).contains("run " + first + " of quickstart already finished");

        Files.delete(jar);   // rebuilt: same plugin id and version, other bytes
        PluginJars.build(jar, "my-solvers", ">=0.1.0", List.of(FalseOrderSolver.class, HeunToDataSolver.class));
        String second = ranRunId(Cli.run(args));
        assertThat(second).isNotEqualTo(first);
        JsonNode solver = JSON.readTree(dir.resolve("out/quickstart").resolve(second).resolve("run.json").toFile())
                .get("components").get("sampling.solver");
        assertThat(solver.get("plugin").asString()).isEqualTo("my-solvers");
        assertThat(solver.get("jar_sha256").asString()).isEqualTo(sha256(jar));
    }

    @Test
    void aSweepsRunIdsFollowItsFilesAndAWorkerRefusesATrialWhoseFileChangedSinceTheManifest() throws IOException {
        Path noise = dir.resolve("z.npy");
        Npy.write(noise, SeedStreams.INITIAL_NOISE.of(1).gaussians(600), new long[] {300, 2}, false);
        Path spec = Files.writeString(dir.resolve("sweep.yaml"), Files.readString(QUICKSTART)
                .replace("  count: 10000", "  count: 300\n  initial_noise: z.npy")
                .replace("metrics: [energy_distance, sliced_wasserstein, exact_nll]", "metrics: []\n  plots: false")
                + "sweep:\n  grid: {sampling.schedule.steps: [3, 4]}\n");
        String out = dir.resolve("out").toString();
        Cli.Result before = Cli.run("sweep", spec.toString(), "--out", out, "--dry-run");
        assertThat(before.exitCode()).as(before.toString()).isZero();
        String sweepId = sweepId(before);

        Npy.write(noise, SeedStreams.INITIAL_NOISE.of(2).gaussians(600), new long[] {300, 2}, false);
        Cli.Result worker = Cli.run("sweep", spec.toString(), "--out", out, "--trial-index", "0", "--sweep-id", sweepId);
        assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(2);
        assertThat(worker.err()).contains("trial 0 now resolves to run").contains("but the manifest of sweep " + sweepId);
        assertThat(dir.resolve("out/quickstart")).isDirectoryNotContaining(p -> p.getFileName().toString()
                .matches("[0-9a-f]{12}"));

        Cli.Result after = Cli.run("sweep", spec.toString(), "--out", out, "--dry-run");
        assertThat(sweepId(after)).isNotEqualTo(sweepId);
        assertThat(runIds(after)).hasSize(2).doesNotContainAnyElementsOf(runIds(before));
    }

    @Test
    void runJsonRecordsThePlatformsSourceRevisionWhenBuiltFromAGitCheckout() throws Exception {
        String[] args = concat(new String[] {"run", QUICKSTART.toString(), "--out", dir.toString()}, SMALL);
        String run = ranRunId(Cli.run(args));
        JsonNode platform = JSON.readTree(dir.resolve("quickstart").resolve(run).resolve("run.json").toFile())
                .get("platform");
        assertThat(platform.get("version").asString()).isEqualTo("0.1.0");
        if (git("rev-parse", "HEAD") == null) {
            assertThat(platform.has("source_revision")).as("not a git checkout: nothing to record").isFalse();
            return;
        }
        String revision = platform.get("source_revision").asString();
        assertThat(revision).matches("[0-9a-f]{40}(-dirty)?");
        // the commit the platform was built from is this checkout's HEAD or one of its ancestors
        assertThat(git("merge-base", "--is-ancestor", revision.replace("-dirty", ""), "HEAD")).isNotNull();
    }

    /** The run id of a run that ran (not skipped). */
    private static String ranRunId(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).doesNotContain("already finished");
        Matcher m = RUN_LINE.matcher(result.out());
        assertThat(m.find()).as(result.toString()).isTrue();
        return m.group(1);
    }

    private static String sweepId(Cli.Result result) {
        Matcher m = Pattern.compile("sweep ([0-9a-f]{12}) of").matcher(result.out());
        assertThat(m.find()).as(result.toString()).isTrue();
        return m.group(1);
    }

    private static List<String> runIds(Cli.Result result) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile(" run ([0-9a-f]{12})").matcher(result.out());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** stdout of {@code git args...} in the checkout, or null if git fails or is missing. */
    private static String git(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", ROOT.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
