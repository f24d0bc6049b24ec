package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.difflab.api.ForwardProcess;
import org.difflab.core.cli.Difflab;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.Overrides;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.YamlSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code difflab import diffusers}: realistic scheduler configs (written from diffusers' documented defaults and
 * the configs of Stable Diffusion, SDXL and SD3) become fragments whose time grid is the one diffusers steps through,
 * computed here independently from diffusers' set_timesteps; settings without an equivalent are named (issue 16,
 * item 3).
 */
class DiffusersImportTest {

    @RegisterExtension
    static final BundledPlugins PLUGINS = new BundledPlugins();

    private static final String REST = """
            experiment: imported
            seed: 0
            data: {type: gmm, means: [[-1.0], [1.0]], stds: [0.5, 0.5], weights: [0.5, 0.5]}
            model: {type: exact}
            evaluation: {metrics: [energy_distance]}
            """;

    private static Path fixture(String name) {
        return Path.of("src/test/resources/diffusers", name);
    }

    /** The fragment printed for {@code name}, completed to a spec and validated. */
    private static Experiment imported(String name, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("import", "diffusers", fixture(name).toString()));
        args.addAll(List.of(options));
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return load(result.out(), name);
    }

    /** A printed fragment completed to a spec and validated. */
    private static Experiment load(String fragment, String name) {
        SpecDocument document = YamlSpecParser.parse(fragment + REST, name, Path.of("."));
        Overrides.apply(document, List.of("sampling.count=100"));
        return new ExperimentLoader(PLUGINS.registry()).load(document);
    }

    private static double[] grid(Experiment experiment) {
        ForwardProcess process = experiment.spec().process().create();
        return experiment.spec().sampling().schedule().create().times(process);
    }

    /** diffusers' whole timesteps tau as difflab times (tau + 1)/N, then the final step to clean data. */
    private static double[] times(int[] timesteps, int train) {
        double[] t = new double[timesteps.length + 1];
        for (int i = 0; i < timesteps.length; i++) {
            t[i] = (timesteps[i] + 1.0) / train;
        }
        return t;
    }

    // grids are computed as t_start + i (t_end - t_start)/(N - 1): a few ulps from (tau + 1)/N
    private static final double GRID_TOLERANCE = 1e-14;

    @Test
    void ddimWithTrailingSpacingStepsThroughDiffusersTimesteps() {
        Experiment experiment = imported("ddim-no-clip.json", "--steps", "25");
        // DDIMScheduler.set_timesteps, "trailing": np.round(np.arange(1000, 0, -1000/25)) - 1 = 999, 959, ..., 39
        int[] timesteps = IntStream.range(0, 25).map(i -> 1000 - 40 * i - 1).toArray();
        assertThat(grid(experiment)).containsExactly(times(timesteps, 1000),
                org.assertj.core.api.Assertions.within(GRID_TOLERANCE));
        assertThat(experiment.resolved().at("/sampling/solver/type").asString()).isEqualTo("ddim");
        assertThat(experiment.resolved().at("/parameterization/type").asString()).isEqualTo("v");
        assertThat(experiment.resolved().at("/process/betas").asString()).isEqualTo("scaled_linear");
    }

    @Test
    void ddpmAndSdxlEulerWithLeadingSpacingStepThroughDiffusersTimesteps() {
        // "leading": arange(0, 50) * (1000 // 50) reversed, plus steps_offset (0 for DDPM, 1 for SDXL's Euler)
        for (String name : List.of("ddpm-defaults.json", "euler-sdxl.json")) {
            int offset = name.startsWith("euler") ? 1 : 0;
            Experiment experiment = imported(name);
            int[] timesteps = IntStream.range(0, 50).map(i -> (49 - i) * 20 + offset).toArray();
            assertThat(grid(experiment)).as(name).containsExactly(times(timesteps, 1000),
                    org.assertj.core.api.Assertions.within(GRID_TOLERANCE));
        }
        assertThat(imported("ddpm-defaults.json").resolved().at("/sampling/solver/type").asString())
                .isEqualTo("ddpm-ancestral");
        // Euler in sigma on x/alpha over whole timesteps is DDIM
        assertThat(imported("euler-sdxl.json").resolved().at("/sampling/solver/type").asString()).isEqualTo("ddim");
    }

    @Test
    void dpmSolverMultistepDropsTheLastOfStepsPlusOnePoints() {
        Experiment experiment = imported("dpmsolver-multistep.json", "--steps", "20");
        // "leading": arange(0, 21) * (1000 // 21) reversed, the last dropped, plus steps_offset 1
        int[] timesteps = IntStream.range(0, 20).map(i -> (20 - i) * 47 + 1).toArray();
        assertThat(grid(experiment)).containsExactly(times(timesteps, 1000),
                org.assertj.core.api.Assertions.within(GRID_TOLERANCE));
        assertThat(experiment.resolved().at("/sampling/solver/type").asString()).isEqualTo("dpmpp-2m");
    }

    @Test
    void heunWithKarrasSigmasHasDiffusersSigmaGrid() {
        Experiment experiment = imported("heun-karras.json", "--steps", "30");
        // diffusers: betas = linspace(sqrt(0.00085), sqrt(0.012), 1000)^2, sigma = sqrt((1 - abar)/abar) at
        // timesteps 0 and 999, then Karras et al. (2022) eq. 5 with rho = 7, then 0
        double[] abar = new double[1000];
        double product = 1;
        for (int n = 0; n < 1000; n++) {
            double root = Math.sqrt(0.00085) + n * (Math.sqrt(0.012) - Math.sqrt(0.00085)) / 999;
            product *= 1 - root * root;
            abar[n] = product;
        }
        double sigmaMin = Math.sqrt((1 - abar[0]) / abar[0]);
        double sigmaMax = Math.sqrt((1 - abar[999]) / abar[999]);
        double[] expected = new double[31];
        for (int i = 0; i < 30; i++) {
            double ramp = i / 29.0;
            expected[i] = Math.pow(Math.pow(sigmaMax, 1 / 7.0) + ramp * (Math.pow(sigmaMin, 1 / 7.0)
                    - Math.pow(sigmaMax, 1 / 7.0)), 7);
        }
        double[] sigmas = grid(experiment);   // the edm process: sigma = t
        // abar is a product of 1000 factors here and a sum of 1000 log1p terms in vp-discrete: ~1e-13 relative
        for (int i = 0; i < 31; i++) {
            assertThat(sigmas[i]).as("sigma %d", i).isCloseTo(expected[i],
                    org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, expected[i])));
        }
        assertThat(experiment.resolved().at("/process/type").asString()).isEqualTo("edm");
        assertThat(experiment.resolved().at("/sampling/solver/type").asString()).isEqualTo("heun");
    }

    @Test
    void flowMatchEulerWithShiftOneIsEulerOnRectifiedFlow() {
        Experiment experiment = imported("flow-match-euler.json", "--steps", "28");
        // sigmas = linspace(1, 1/1000, 28), then 0; on rectified flow t = sigma
        double[] expected = new double[29];
        for (int i = 0; i < 28; i++) {
            expected[i] = 1 + i * (0.001 - 1) / 27;
        }
        assertThat(grid(experiment)).containsExactly(expected, org.assertj.core.api.Assertions.within(GRID_TOLERANCE));
        assertThat(experiment.resolved().at("/parameterization/type").asString()).isEqualTo("velocity");
    }

    @Test
    void uniPcIsUnipcWithItsVariantOrderAndCorrectorOnTheMultistepSpacing() {
        Experiment bh2 = imported("unipc-multistep.json", "--steps", "27");
        // UniPC's set_timesteps, "linspace": linspace(0, 999, 28).round() reversed, the last (0) dropped:
        // 999, 962, ..., 37 (999 = 27 * 37)
        int[] linspace = IntStream.range(0, 27).map(i -> 37 * (27 - i)).toArray();
        assertThat(grid(bh2)).containsExactly(times(linspace, 1000),
                org.assertj.core.api.Assertions.within(GRID_TOLERANCE));
        assertSolver(bh2, "unipc", "variant", "bh2", "order", "2", "corrector", "true", "lower_order_final", "true");

        Experiment bh1 = imported("unipc-bh1.json", "--steps", "20");
        // "trailing": np.arange(1000, 0, -1000/20).round() - 1 = 999, 949, ..., 49
        int[] trailing = IntStream.range(0, 20).map(i -> 999 - 50 * i).toArray();
        assertThat(grid(bh1)).containsExactly(times(trailing, 1000),
                org.assertj.core.api.Assertions.within(GRID_TOLERANCE));
        assertSolver(bh1, "unipc", "variant", "bh1", "order", "3", "corrector", "true", "lower_order_final", "true");
        assertThat(bh1.resolved().at("/parameterization/type").asString()).isEqualTo("v");
    }

    @Test
    void eulerAncestralIsEulerAncestralWithEtaOneOnEulersGrid() {
        Experiment experiment = imported("euler-ancestral-defaults.json");
        // "leading": arange(0, 50) * (1000 // 50) reversed, plus steps_offset 1
        int[] timesteps = IntStream.range(0, 50).map(i -> (49 - i) * 20 + 1).toArray();
        assertThat(grid(experiment)).containsExactly(times(timesteps, 1000),
                org.assertj.core.api.Assertions.within(GRID_TOLERANCE));
        assertSolver(experiment, "euler-ancestral", "eta", "1.0", "s_noise", "1.0");
    }

    @Test
    void sdeDpmSolverPlusPlusIsDpmpp2mSdeWithEtaOne() {
        Experiment experiment = imported("dpmsolver-sde.json", "--steps", "25");
        // "trailing": np.arange(1000, 0, -1000/25).round() - 1 = 999, 959, ..., 39
        int[] timesteps = IntStream.range(0, 25).map(i -> 999 - 40 * i).toArray();
        assertThat(grid(experiment)).containsExactly(times(timesteps, 1000),
                org.assertj.core.api.Assertions.within(GRID_TOLERANCE));
        assertSolver(experiment, "dpmpp-2m-sde", "eta", "1.0", "s_noise", "1.0", "solver_type", "midpoint");
    }

    @Test
    void noisePredictionDpmSolverIsDpmSolverMultistepButEndsAtSigmaMin() {
        // diffusers refuses final_sigmas_type "zero" with algorithm_type "dpmsolver": the last step goes to the
        // sigma of timestep 0, which no difflab grid does; --approximate gives the fragment with the same solver
        Cli.Result result = Cli.run("import", "diffusers", fixture("dpmsolver-noise-prediction.json").toString(),
                "--approximate");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).contains("no equivalent: final_sigmas_type: sigma_min;")
                .doesNotContain("lower_order_final");
        Experiment experiment = load(result.out(), "dpmsolver-noise-prediction.json");
        // "leading" with steps + 1 = 51 points: (50 - i) * (1000 // 51) + 1, the last dropped
        int[] timesteps = IntStream.range(0, 50).map(i -> (50 - i) * 19 + 1).toArray();
        assertThat(grid(experiment)).containsExactly(times(timesteps, 1000),
                org.assertj.core.api.Assertions.within(GRID_TOLERANCE));
        // diffusers' third-order update has the published phi3 d2 term
        assertSolver(experiment, "dpm-solver-multistep", "order", "3", "solver_type", "heun", "third_order_term",
                "published");
        // below 15 steps diffusers also lowers the second-to-last step to order 2
        Cli.Result few = Cli.run("import", "diffusers", fixture("dpmsolver-noise-prediction.json").toString(),
                "--steps", "10");
        assertThat(few.err()).contains("no equivalent: lower_order_final: true with 10 < 15 steps");
    }

    @Test
    void flowMatchEulerWithShiftIsEulerOnTheTimeShiftGrid() {
        Experiment experiment = imported("flow-match-sd3.json", "--steps", "28");
        // FlowMatchEulerDiscreteScheduler: sigma_min = shift(1/1000); set_timesteps spaces sigma uniformly from 1
        // to sigma_min (28 points) and shifts again: shift(s) = 3 s/(1 + 2 s); then 0
        double sigmaMin = 3 * 0.001 / (1 + 2 * 0.001);
        double[] expected = new double[29];
        for (int i = 0; i < 28; i++) {
            double sigma = i == 27 ? sigmaMin : 1 + i * (sigmaMin - 1) / 27;
            expected[i] = 3 * sigma / (1 + 2 * sigma);
        }
        assertThat(grid(experiment)).containsExactly(expected, org.assertj.core.api.Assertions.within(GRID_TOLERANCE));
        assertThat(experiment.resolved().at("/sampling/schedule/type").asString()).isEqualTo("time-shift");
        assertThat(experiment.resolved().at("/sampling/solver/type").asString()).isEqualTo("euler");
        assertThat(experiment.resolved().at("/process/type").asString()).isEqualTo("rectified-flow");
    }

    private static void assertSolver(Experiment experiment, String type, String... options) {
        assertThat(experiment.resolved().at("/sampling/solver/type").asString()).isEqualTo(type);
        for (int i = 0; i < options.length; i += 2) {
            assertThat(experiment.resolved().at("/sampling/solver/" + options[i]).asString()).as(options[i])
                    .isEqualTo(options[i + 1]);
        }
    }

    @Test
    void settingsWithoutAnEquivalentAreNamedAndNothingIsPrinted() {
        assertNoEquivalent("ddim-defaults.json", "no equivalent: clip_sample: true; DDIM clips x0_hat");
        assertNoEquivalent("ddim-stable-diffusion.json", "no equivalent: set_alpha_to_one: false;");
        assertNoEquivalent("deis-defaults.json", "no equivalent: DEISMultistepScheduler: diffusers fits eps by a"
                + " polynomial in log(sigma/alpha) (deis, logrho); the bundled deis");
        // 999 is not a multiple of 50: UniPC's steps + 1 linspace rounds to unevenly spaced timesteps
        assertNoEquivalent("unipc-multistep.json", "no equivalent: timestep_spacing: linspace with 1000 training steps"
                + " and 50 inference steps rounds");
        assertNoEquivalent("euler-defaults.json", "no equivalent: timestep_spacing: linspace with 1000 training steps"
                + " and 50 inference steps");
        // 999 is a multiple of 28 - 1 = 27: 28 linspace steps land on whole timesteps, and the translation is exact
        Cli.Result whole = Cli.run("import", "diffusers", fixture("euler-defaults.json").toString(), "--steps", "28");
        assertThat(whole.exitCode()).as(whole.toString()).isZero();

        Cli.Result approximate = Cli.run("import", "diffusers", fixture("ddim-defaults.json").toString(),
                "--approximate");
        assertThat(approximate.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(approximate.out()).startsWith("# from diffusers DDIMScheduler, 50 inference steps; NOT EQUIVALENT");

        Cli.Result format = Cli.run("import", "difusers", fixture("ddim-defaults.json").toString());
        assertThat(format.err()).contains("unknown format 'difusers'; accepted: diffusers (did you mean 'diffusers'?)");
    }

    private static void assertNoEquivalent(String name, String message) {
        Cli.Result result = Cli.run("import", "diffusers", fixture(name).toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).as(name).contains(message);
        assertThat(result.out()).as(name).isEmpty();
    }
}
