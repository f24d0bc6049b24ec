package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.difflab.api.io.Npy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13 items 1 and 4 through the CLI: {@code difflab optimize-schedule} on the 2-D ring of 8 Gaussians with
 * DPM-Solver++(2M) at 6 NFE, and the {@code explicit} schedule that reads its file.
 */
@Tag("slow")   // schedule and weight fits of a few hundred solves each: about a minute in all
class OptimizeScheduleEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Path spec(String schedule) throws IOException {
        return Files.writeString(dir.resolve("ring.yaml"), """
                experiment: ring
                seed: 5
                data: {type: gmm-ring, components: 8, radius: 2.0, std: 0.2}
                process: {type: edm, sigma_min: 0.002, sigma_max: 80}
                model: {type: exact}
                sampling:
                  solver: {type: dpmpp-2m}
                  schedule: %s
                  count: 300
                  save_trajectory: true
                evaluation:
                  metrics: []
                  ode_error: true
                  ode_error_count: 300
                  plots: false
                """.formatted(schedule));
    }

    private static double[] levels(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#") && !l.isBlank())
                .mapToDouble(Double::parseDouble).toArray();
    }

    private Path ran(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Matcher m = Pattern.compile("results: (\\S+)").matcher(result.out());
        assertThat(m.find()).as(result.out()).isTrue();
        return Path.of(m.group(1));
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private double odeRmse(Path run) throws IOException {
        return JSON.readTree(run.resolve("metrics.json").toFile()).get("metrics").get("ode_rmse").asDouble();
    }

    @Test
    void theOptimisedGridBeatsKarrasOnHeldOutDrawsKeepsTheEndsAndRunsAsAnExplicitSchedule() throws IOException {
        Path spec = spec("{type: karras, steps: 6}");
        Path out = dir.resolve("schedules");
        Cli.Result optimised = Cli.run("optimize-schedule", spec.toString(), "--nfe", "6", "--out", out.toString(),
                "--draws", "64", "--evaluations", "300");
        assertThat(optimised.exitCode()).as(optimised.toString()).isZero();
        Path csv = out.resolve("ring-dpmpp-2m-nfe6-schedule.csv");
        assertThat(out.resolve("ring-dpmpp-2m-nfe6-schedule.png")).isNotEmptyFile();
        double[] levels = levels(csv);
        assertThat(levels).hasSize(6);
        assertThat(levels[0]).isEqualTo(80.0);
        assertThat(levels[5]).isEqualTo(0.002);
        // held-out draws, as the command reports them: optimised below karras
        Matcher karras = Pattern.compile("^  karras \\(rho 7\\)\\s+\\S+\\s+(\\S+)", Pattern.MULTILINE)
                .matcher(optimised.out());
        Matcher ours = Pattern.compile("^  optimised\\s+\\S+\\s+(\\S+)", Pattern.MULTILINE)
                .matcher(optimised.out());
        assertThat(karras.find() && ours.find()).as(optimised.out()).isTrue();
        assertThat(Double.parseDouble(ours.group(1))).isLessThan(Double.parseDouble(karras.group(1)));

        // the file in a spec: the grid is the file's levels (time = noise level on this process), and on the run's
        // own draws (a third set) the ODE error is below karras's at the same 6 NFE
        Path explicitRun = ran(Cli.run("run", spec("{type: explicit, file: " + csv + "}").toString(), "--out",
                dir.resolve("runs").toString()));
        double[] times = Npy.read(explicitRun.resolve("trajectory_times.npy")).values();
        assertThat(Arrays.copyOf(times, 6)).containsExactly(levels);
        assertThat(times[6]).isZero();
        Path karrasRun = ran(Cli.run("run", spec("{type: karras, steps: 6}").toString(), "--out",
                dir.resolve("runs").toString()));
        assertThat(odeRmse(explicitRun)).isLessThan(odeRmse(karrasRun));
    }

    private static double heldOut(Cli.Result result, String grid) {
        Matcher m = Pattern.compile("^  " + Pattern.quote(grid) + "\\s+\\S+\\s+(\\S+)", Pattern.MULTILINE)
                .matcher(result.out());
        assertThat(m.find()).as(result.out()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * For a model without closed form (a trained network) the reference is a 512-step Heun solve of the model's own
     * ODE. On the exact model it stands in for the exact endpoints: the hand-made grids' held-out errors (~0.1-1) come
     * out the same to within the reference's own error (Heun at h ~ 0.02 in log sigma, ~1e-4 here).
     */
    @Test
    void aFineSolveOfTheModelStandsInForTheExactEndpoints() throws IOException {
        Path spec = spec("{type: karras, steps: 6}");
        String[] args = {"optimize-schedule", spec.toString(), "--nfe", "6", "--out", dir.resolve("s").toString(),
            "--draws", "32", "--evaluations", "40"};
        Cli.Result exact = Cli.run(concat(args, "--reference", "exact"));
        Cli.Result solve = Cli.run(concat(args, "--reference", "solve"));
        assertThat(exact.exitCode()).as(exact.toString()).isZero();
        assertThat(solve.exitCode()).as(solve.toString()).isZero();
        assertThat(solve.out()).contains("reference: Heun with 512 steps on the model");
        for (String grid : new String[] {"karras (rho 7)", "log-snr", "uniform-time"}) {
            assertThat(heldOut(solve, grid)).as(grid).isCloseTo(heldOut(exact, grid),
                    org.assertj.core.api.Assertions.within(2e-3));
        }
        Cli.Result unknown = Cli.run(concat(args, "--reference", "exakt"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown reference 'exakt'; accepted: auto, exact, solve");
    }

    /** The committed frontier sweeps validate completely: every trial's spec, every optimised grid and weights file. */
    @Test
    void theFewStepFrontierSweepsAndTheirScheduleFilesAreValid() {
        Path experiments = Path.of(System.getProperty("difflab.root"), "experiments");
        for (String[] sweep : new String[][] {{"few-step-frontier-published.yaml", "306"},
            {"few-step-frontier-optimised.yaml", "102"}, {"few-step-frontier-fitted.yaml", "8"}}) {
            Cli.Result dry = Cli.run("sweep", experiments.resolve(sweep[0]).toString(), "--out", dir.toString(),
                    "--dry-run");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            assertThat(dry.out()).contains(sweep[1] + " trials");
        }
    }

    @Test
    void aBadScheduleFileIsBadInputNamingItAndItsBytesAreInTheRunId() throws IOException {
        Path grid = Files.writeString(dir.resolve("grid.csv"), "80\n5\n0.5\n0.002\n");
        Path spec = spec("{type: explicit, file: grid.csv}");
        String[] args = {"run", spec.toString(), "--out", dir.resolve("runs").toString(), "--set",
            "sampling.count=20", "--set", "evaluation.ode_error=false"};
        ran(Cli.run(args));
        assertThat(Cli.run(args).out()).contains("already finished");   // the same bytes: the same run

        Files.writeString(grid, "80\n4\n0.5\n0.002\n");   // other values: a new run
        Cli.Result changed = Cli.run(args);
        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        assertThat(changed.out()).doesNotContain("already finished").contains("results:");

        Files.writeString(grid, "80\n0.5\n5\n0.002\n");
        Cli.Result zigzag = Cli.run(args);
        assertThat(zigzag.exitCode()).as(zigzag.toString()).isEqualTo(2);
        assertThat(zigzag.err()).contains("sampling.schedule.file").contains("grid.csv: not strictly monotone");
        Files.writeString(grid, "80\nfive\n0.002\n");
        Cli.Result word = Cli.run(args);
        assertThat(word.exitCode()).as(word.toString()).isEqualTo(2);
        assertThat(word.err()).contains("grid.csv, line 2: 'five' is not a number");
        // on a process with a bounded range: the VP SDE's noise level at t = 1 is ~152
        Files.writeString(grid, "800\n5\n0.002\n");
        Cli.Result high = Cli.run(concat(args, "--set", "process={type: vp}"));
        assertThat(high.exitCode()).as(high.toString()).isEqualTo(2);
        assertThat(high.err()).contains("grid.csv: noise level 800.0 is outside the process's range");
    }

    /**
     * optimize-schedule --coefficients fits optimised-multistep's weights with the grid: on held-out draws (the
     * command's second set, and a run's own draws, a third) the fitted weights beat their initialisation, iPNDM's
     * weights on the grid optimised for them, at the same 6 NFE.
     */
    @Test
    void fittedWeightsBeatTheirInitialisationOnHeldOutDraws() throws IOException {
        Path spec = spec("{type: karras, steps: 6}");
        Path out = dir.resolve("fitted");
        Cli.Result fitted = Cli.run("optimize-schedule", spec.toString(), "--nfe", "6", "--out", out.toString(),
                "--draws", "64", "--evaluations", "400", "--coefficients", "--set",
                "sampling.solver={type: optimised-multistep}");
        assertThat(fitted.exitCode()).as(fitted.toString()).isZero();
        assertThat(heldOut(fitted, "optimised + weights")).isLessThan(heldOut(fitted, "optimised"));
        Path grid = out.resolve("ring-optimised-multistep-nfe6-schedule.csv");
        Path weights = out.resolve("ring-optimised-multistep-nfe6-coefficients.csv");
        assertThat(Files.readString(weights)).contains("base: ipndm");
        String[] run = {"run", spec("{type: explicit, file: " + grid + "}").toString(), "--out",
            dir.resolve("runs").toString()};
        double withWeights = odeRmse(ran(Cli.run(concat(run, "--set", "sampling.solver={type: optimised-multistep,"
                + " coefficients: " + weights + "}"))));
        double initial = odeRmse(ran(Cli.run(concat(run, "--set", "sampling.solver={type: optimised-multistep}"))));
        assertThat(withWeights).isLessThan(initial);
    }

    private static final String WEIGHTS = "ring-optimised-multistep-nfe6-coefficients.csv";

    /** A short weight fit on the ring at 6 NFE: 64 draws, 300 solves (add --out). */
    private String[] weightFit() throws IOException {
        return new String[] {"optimize-schedule", spec("{type: karras, steps: 6}").toString(), "--nfe", "6", "--draws",
            "64", "--evaluations", "300", "--coefficients", "--set", "sampling.solver={type: optimised-multistep}"};
    }

    /**
     * --loss squares is the default, least squares, to the byte; --loss cauchy fits other weights, still better than
     * their initialisation on held-out draws, and says so in the file.
     */
    @Test
    void theCauchyLossIsOptInAndLeastSquaresStaysTheDefault() throws IOException {
        String[] fit = weightFit();
        Cli.Result plain = Cli.run(concat(fit, "--out", dir.resolve("plain").toString()));
        Cli.Result squares = Cli.run(concat(fit, "--out", dir.resolve("squares").toString(), "--loss", "squares"));
        Cli.Result cauchy = Cli.run(concat(fit, "--out", dir.resolve("cauchy").toString(), "--loss", "cauchy",
                "--loss-scale", "25"));
        for (Cli.Result result : new Cli.Result[] {plain, squares, cauchy}) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
        String plainWeights = Files.readString(dir.resolve("plain").resolve(WEIGHTS));
        assertThat(Files.readString(dir.resolve("squares").resolve(WEIGHTS))).isEqualTo(plainWeights);
        assertThat(plain.err()).doesNotContain("Cauchy");
        String cauchyWeights = Files.readString(dir.resolve("cauchy").resolve(WEIGHTS));
        assertThat(cauchyWeights).contains("--coefficients --draws 64 --evaluations 300 --loss cauchy --loss-scale 25.0")
                .isNotEqualTo(plainWeights);
        assertThat(cauchy.err()).contains("Cauchy loss: median draw at the start off by RMS");
        assertThat(heldOut(cauchy, "optimised + weights")).isLessThan(heldOut(cauchy, "optimised"));
    }

    /**
     * --train-draws: a file holding the seed's own optimisation draws gives the default fit to the byte; other draws
     * another fit, which the files' headers name; a file of another sample shape is bad input naming both shapes.
     */
    @Test
    void givenTrainingDrawsReplaceTheSeedsAndTheHeldOutDrawsStay() throws IOException {
        String[] fit = weightFit();
        Path own = dir.resolve("own.npy");   // the optimisation draws: the seed's initial-noise stream, split 1
        Npy.write(own, org.difflab.core.run.SeedStreams.INITIAL_NOISE.of(5).split(1).gaussians(64 * 2),
                new long[] {64, 2}, false);
        Path other = dir.resolve("other.npy");
        Npy.write(other, org.difflab.core.run.SeedStreams.INITIAL_NOISE.of(6).split(1).gaussians(80 * 2),
                new long[] {80, 2}, false);
        Cli.Result plain = Cli.run(concat(fit, "--out", dir.resolve("plain").toString()));
        Cli.Result same = Cli.run(concat(fit, "--out", dir.resolve("same").toString(), "--train-draws", own.toString()));
        Cli.Result moved = Cli.run(concat(fit, "--out", dir.resolve("other").toString(), "--train-draws",
                other.toString()));
        for (Cli.Result result : new Cli.Result[] {plain, same, moved}) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
        String csv = "ring-optimised-multistep-nfe6-schedule.csv";
        assertThat(levels(dir.resolve("same").resolve(csv))).containsExactly(levels(dir.resolve("plain").resolve(csv)));
        assertThat(body(dir.resolve("same").resolve(WEIGHTS))).isEqualTo(body(dir.resolve("plain").resolve(WEIGHTS)));
        assertThat(heldOut(same, "karras (rho 7)")).isEqualTo(heldOut(moved, "karras (rho 7)"));   // held out: the seed's
        assertThat(moved.out()).contains("80 (other.npy) + 64 held-out draws");
        assertThat(Files.readString(dir.resolve("other").resolve(WEIGHTS)))
                .contains("--coefficients --draws 64 --train-draws other.npy --evaluations 300");
        assertThat(levels(dir.resolve("other").resolve(csv))).isNotEqualTo(levels(dir.resolve("plain").resolve(csv)));

        Path threeD = dir.resolve("three.npy");
        Npy.write(threeD, new double[3 * 4], new long[] {4, 3}, false);
        Cli.Result wrong = Cli.run(concat(fit, "--out", dir.resolve("wrong").toString(), "--train-draws",
                threeD.toString()));
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("--train-draws").contains("has shape [4, 3]; expected [count, 2]");
    }

    /** A coefficients file without its comment lines (which name the command). */
    private static String body(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void aBadCoefficientsFileIsBadInputNamingItAndItsBytesAreInTheRunId() throws IOException {
        Path weights = Files.writeString(dir.resolve("weights.csv"), "base: ipndm\n80, 0, 0, 0\n0.002, 0, 0, 0\n");
        Path spec = spec("{type: explicit, noise_levels: [80, 0.002]}");
        String[] print = {"run", spec.toString(), "--print", "--set",
            "sampling.solver={type: optimised-multistep, coefficients: " + weights + "}"};
        Cli.Result first = Cli.run(print);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Files.writeString(weights, "base: ipndm\n80, 0, 0, 0\n0.002, 1e-3, 0, 0\n");
        Cli.Result second = Cli.run(print);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        Matcher a = Pattern.compile("# run id (\\w+)").matcher(first.out());
        Matcher b = Pattern.compile("# run id (\\w+)").matcher(second.out());
        assertThat(a.find() && b.find()).as(first.out()).isTrue();
        assertThat(a.group(1)).isNotEqualTo(b.group(1));

        Files.writeString(weights, "base: ipndm\n80, 0, 0\n");
        Cli.Result bad = Cli.run(print);
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("sampling.solver.coefficients").contains("weights.csv, line 2 ('80, 0, 0'):"
                + " 3 numbers; accepted: a line 'base: <method>', then one line per step");

        Cli.Result noWeights = Cli.run("optimize-schedule", spec("{type: karras, steps: 4}").toString(), "--nfe", "4",
                "--coefficients", "--out", dir.toString());
        assertThat(noWeights.exitCode()).as(noWeights.toString()).isEqualTo(2);
        assertThat(noWeights.err()).contains("solver 'dpmpp-2m' has none; accepted: optimised-multistep");
    }
}
