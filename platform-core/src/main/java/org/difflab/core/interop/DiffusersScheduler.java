package org.difflab.core.interop;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.difflab.api.ForwardProcess;
import tools.jackson.databind.JsonNode;

/**
 * A diffusers scheduler config ({@code scheduler_config.json}) as the spec fragment that samples the same way: the
 * process, the parameterization, the time grid and the solver, or the list of settings that have no equivalent.
 *
 * <p>Correspondences used (diffusers' {@code set_timesteps} and {@code step}, read in diffusers 0.3x):
 * <ul>
 *   <li>A discrete DDPM of N training steps is {@code vp-discrete} with the same betas; diffusers' timestep
 *       tau (an index into {@code alphas_cumprod}) is the process time t = (tau + 1)/N.</li>
 *   <li>"leading" and "trailing" spacings (trailing when N is a multiple of the step count) and "linspace" when it
 *       lands on whole timesteps are grids uniform in tau: {@code uniform-time} from t_start to t_end. Otherwise
 *       diffusers rounds to whole timesteps and no uniform grid is the same.</li>
 *   <li>A last step to clean data (DDIM's {@code set_alpha_to_one}, DDPM's t = -1, Euler's and DPM-Solver's final
 *       sigma 0) is every difflab grid's final step to t = 0.</li>
 *   <li>DDIM (eta = 0) is Euler's method on the probability-flow ODE in (sigma, x/alpha) (Song et al. 2021, eq. 14;
 *       Karras et al. 2022, Sec. 3), so EulerDiscreteScheduler on whole timesteps is {@code ddim}.</li>
 *   <li>With {@code use_karras_sigmas}, diffusers' Euler, Heun and DPM-Solver step in sigma = sqrt(1 - abar)/sqrt(abar)
 *       on x/alpha: the {@code edm} process (alpha = 1, sigma = t) between the sigmas of the first and last
 *       timesteps, with the {@code karras} schedule (rho = 7).</li>
 *   <li>DPM-Solver++(2M) with the "midpoint" form is k-diffusion's {@code dpmpp-2m} (D0 + D1/2 = (1 + 1/(2r)) D0 -
 *       1/(2r) D_prev); its update is the same in (t, x) and in (sigma, x/alpha).</li>
 *   <li>FlowMatchEulerDiscreteScheduler with shift 1 is Euler on {@code rectified-flow} (x_t = (1 - t) x0 + t eps)
 *       over t uniform from 1 to 1/N, the network predicting the velocity eps - x0.</li>
 *   <li>With shift s it is the {@code time-shift} grid s u/(1 + (s - 1) u) (Esser et al. 2024, eq. 23) of u uniform
 *       from 1 to the shifted 1/N, as set_timesteps spaces it.</li>
 *   <li>The multistep schedulers in lambda (DPM-Solver with dpmsolver, dpmsolver++ and sde-dpmsolver++, UniPC in
 *       data prediction) are the same update in (t, x) as in (sigma, x/alpha): {@code dpm-solver-multistep},
 *       {@code dpmpp-2m}, {@code dpmpp-2m-sde} (eta 1) and {@code unipc}. Euler ancestral is
 *       {@code euler-ancestral} with eta 1. diffusers' DEIS fits eps in log(sigma/alpha), not in t as DEIS's tAB
 *       (the bundled {@code deis}) does, so it is only named.</li>
 * </ul>
 */
public final class DiffusersScheduler {

    /**
     * The outcome.
     *
     * @param fragment the spec fragment (YAML), the closest one when {@code differences} is not empty
     * @param differences settings of the config with no equivalent, each saying why (empty: the fragment is exact)
     * @param ignored keys of the config that were not recognised and not carried over
     */
    public record Result(String fragment, List<String> differences, List<String> ignored) {
        /** Whether the fragment samples exactly as the config does. */
        public boolean exact() {
            return differences.isEmpty();
        }
    }

    /** Keys that describe the file, not the sampler. */
    private static final Set<String> METADATA = Set.of("_class_name", "_diffusers_version");

    private final JsonNode config;
    private final int steps;
    private final Function<String, ForwardProcess> processes;
    private final List<String> differences = new ArrayList<>();
    private final Set<String> used = new LinkedHashSet<>();

    /**
     * @param config the parsed scheduler_config.json
     * @param steps the pipeline's num_inference_steps (not part of the config)
     * @param processes builds a process from its spec value in YAML flow style (to compute the sigmas of timesteps)
     */
    private DiffusersScheduler(JsonNode config, int steps, Function<String, ForwardProcess> processes) {
        this.config = config;
        this.steps = steps;
        this.processes = processes;
    }

    /** Translates {@code config} for {@code steps} inference steps. */
    public static Result translate(JsonNode config, int steps, Function<String, ForwardProcess> processes) {
        if (!config.isObject()) {
            throw new IllegalArgumentException("a diffusers scheduler config is a JSON object, got " + config);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("the number of inference steps must be at least 1, got " + steps);
        }
        return new DiffusersScheduler(config, steps, processes).translate();
    }

    /** The scheduler classes this translator knows, with a word on each. */
    public static final List<String> KNOWN = List.of("DDIMScheduler", "DDPMScheduler", "EulerDiscreteScheduler",
            "EulerAncestralDiscreteScheduler", "HeunDiscreteScheduler", "DPMSolverMultistepScheduler",
            "UniPCMultistepScheduler", "DEISMultistepScheduler", "FlowMatchEulerDiscreteScheduler");

    private Result translate() {
        String name = text("_class_name", "");
        String fragment = switch (name) {
            case "DDIMScheduler" -> ddim();
            case "DDPMScheduler" -> ddpm();
            case "EulerDiscreteScheduler" -> euler();
            case "HeunDiscreteScheduler" -> heun();
            case "DPMSolverMultistepScheduler" -> dpmSolver();
            case "FlowMatchEulerDiscreteScheduler" -> flowMatchEuler();
            case "UniPCMultistepScheduler" -> uniPc();
            case "EulerAncestralDiscreteScheduler" -> eulerAncestral();
            case "DEISMultistepScheduler" -> deis();
            case "" -> {
                differences.add("_class_name: the config names no scheduler class; known: " + String.join(", ", KNOWN));
                yield null;
            }
            default -> {
                differences.add("_class_name: " + name + " has no translation yet; known: " + String.join(", ", KNOWN));
                yield null;
            }
        };
        List<String> ignored = new ArrayList<>();
        if (fragment != null) {
            config.propertyNames().forEach(k -> {
                if (!used.contains(k) && !METADATA.contains(k)) {
                    ignored.add(k);
                }
            });
        }
        String header = "# from diffusers " + name + ", " + steps + " inference steps"
                + (differences.isEmpty() ? "" : "; NOT EQUIVALENT, see the differences") + "\n";
        return new Result(fragment == null ? "" : header + fragment, List.copyOf(differences), ignored);
    }

    // ---- the schedulers

    private String ddim() {
        expect("clip_sample", true, false, "DDIM clips x0_hat to [-clip_sample_range, clip_sample_range]; difflab"
                + " samplers do not clip (set clip_sample false, as latent-diffusion configs do)");
        expect("set_alpha_to_one", true, true, "the last step goes to alphas_cumprod[0], not to clean data; difflab's"
                + " final step is to t = 0 (alpha = 1)");
        commonDdpm();
        return process() + parameterization(false) + sampling("{type: ddim, eta: 0}", timeGrid(false));
    }

    private String ddpm() {
        expect("clip_sample", true, false, "DDPM clips x0_hat to [-clip_sample_range, clip_sample_range]; difflab"
                + " samplers do not clip");
        String variance = text("variance_type", "fixed_small");
        if (!variance.equals("fixed_small")) {
            differences.add("variance_type: " + variance + "; ddpm-ancestral draws from the posterior q(x_s | x_t,"
                    + " x0_hat), diffusers' fixed_small only");
        }
        commonDdpm();
        return process() + parameterization(false) + sampling("ddpm-ancestral", timeGrid(false));
    }

    private String euler() {
        commonDdpm();
        commonSigmas();
        if (flag("use_karras_sigmas", false)) {
            return karras("euler");
        }
        String grid = timeGrid(true);
        return process() + parameterization(false) + sampling("{type: ddim, eta: 0}", grid)
                + "# Euler on whole timesteps is DDIM (Euler in sigma on x/alpha)\n";
    }

    private String heun() {
        commonDdpm();
        commonSigmas();
        if (flag("use_karras_sigmas", false)) {
            return karras("heun");
        }
        differences.add("use_karras_sigmas: false; Heun steps in sigma on x/alpha at sigmas of uniformly spaced"
                + " timesteps; difflab's heun on vp-discrete steps in (t, x) and the edm process has no grid of"
                + " those sigmas (set use_karras_sigmas true for the karras schedule)");
        return process() + parameterization(false) + sampling("heun", timeGrid(true));
    }

    private String dpmSolver() {
        commonDdpm();
        commonSigmas();
        String algorithm = text("algorithm_type", "dpmsolver++");
        int order = integer("solver_order", 2);
        String form = text("solver_type", "midpoint");
        if (!form.equals("midpoint") && !form.equals("heun")) {
            differences.add("solver_type: " + form + "; known: midpoint, heun");
            form = "midpoint";
        }
        boolean lowerOrderFinal = flag("lower_order_final", true);
        String solver = switch (algorithm) {
            case "dpmsolver++" -> {
                if (order != 2) {
                    differences.add("solver_order: " + order + "; the bundled multistep DPM-Solver++ of"
                            + " diffusers' form is of order 2 (dpmpp-2m)");
                }
                if (!form.equals("midpoint")) {
                    differences.add("solver_type: heun; dpmpp-2m is the midpoint form (k-diffusion's)");
                }
                yield "dpmpp-2m";
            }
            case "dpmsolver" -> {
                // noise prediction (Lu et al. 2022a); diffusers' third-order term is the published phi3 d2
                if (order != 2 && order != 3) {
                    differences.add("solver_order: " + order + "; dpm-solver-multistep is of order 2 or 3");
                    order = 2;
                }
                if (order == 3 && lowerOrderFinal && steps < 15) {
                    differences.add("lower_order_final: true with " + steps + " < 15 steps; diffusers lowers the"
                            + " second-to-last step to order 2, dpm-solver-multistep does not (use 15 or more steps)");
                }
                yield "{type: dpm-solver-multistep, order: " + order + ", solver_type: " + form
                        + (order == 3 ? ", third_order_term: published" : "") + "}";
            }
            case "sde-dpmsolver++" -> {
                // diffusers' SDE update with eta 1 is k-diffusion's sample_dpmpp_2m_sde (Lu et al. 2022b, eq. for
                // the SDE solver): x decays by (sigma_t/sigma_s) e^{-h}, noise sigma_t sqrt(1 - e^{-2h})
                if (order != 2) {
                    differences.add("solver_order: " + order + "; dpmpp-2m-sde is of order 2");
                }
                yield "{type: dpmpp-2m-sde, eta: 1, s_noise: 1, solver_type: " + form + "}";
            }
            default -> {
                differences.add("algorithm_type: " + algorithm + "; translated: dpmsolver++ (dpmpp-2m), dpmsolver"
                        + " (dpm-solver-multistep), sde-dpmsolver++ (dpmpp-2m-sde)");
                yield "dpmpp-2m";
            }
        };
        expect("use_lu_lambdas", false, false, "uniform-lambda steps are not a bundled schedule");
        lambdaMinClipped();
        used.add("euler_at_final");   // the final step to sigma 0 is first order anyway
        if (flag("use_karras_sigmas", false)) {
            return karras(solver);
        }
        return process() + parameterization(false) + sampling(solver, dpmGrid());
    }

    private void lambdaMinClipped() {
        double clipped = config.has("lambda_min_clipped") && config.get("lambda_min_clipped").isNumber()
                ? config.get("lambda_min_clipped").asDouble() : Double.NEGATIVE_INFINITY;
        used.add("lambda_min_clipped");
        if (clipped != Double.NEGATIVE_INFINITY) {
            differences.add("lambda_min_clipped: " + clipped + "; difflab's grids end at the last timestep");
        }
    }

    /**
     * UniPCMultistepScheduler in data prediction is {@code unipc} (Zhao et al. 2023, eq. 8-9): the same variant,
     * order, corrector and lower-order final steps, on DPM-Solver's steps + 1 spacing.
     */
    private String uniPc() {
        commonDdpm();
        commonSigmas();
        expect("predict_x0", true, true, "the bundled unipc is UniPC's data-prediction form");
        String variant = text("solver_type", "bh2");
        if (!variant.equals("bh1") && !variant.equals("bh2")) {
            differences.add("solver_type: " + variant + "; unipc knows bh1 and bh2");
            variant = "bh2";
        }
        int order = integer("solver_order", 2);
        if (order < 1 || order > 3) {
            differences.add("solver_order: " + order + "; unipc is of order 1 to 3");
            order = Math.max(1, Math.min(3, order));
        }
        used.add("disable_corrector");
        JsonNode disabled = config.get("disable_corrector");
        if (disabled != null && !disabled.isNull() && !disabled.isEmpty()) {
            differences.add("disable_corrector: " + disabled + "; unipc applies the corrector at every step or"
                    + " (corrector: false) at none");
        }
        used.add("solver_p");
        if (config.has("solver_p") && !config.get("solver_p").isNull()) {
            differences.add("solver_p: another scheduler as UniPC's predictor is not translated");
        }
        lambdaMinClipped();
        String solver = "{type: unipc, variant: " + variant + ", order: " + order + ", corrector: true,"
                + " lower_order_final: " + flag("lower_order_final", true) + "}";
        if (flag("use_karras_sigmas", false)) {
            return karras(solver);
        }
        return process() + parameterization(false) + sampling(solver, dpmGrid());
    }

    /**
     * EulerAncestralDiscreteScheduler is {@code euler-ancestral} with eta 1: an Euler step in sigma on x/alpha to
     * sigma_down, then noise sigma_up, sigma_up^2 = sigma_next^2 (sigma^2 - sigma_next^2)/sigma^2 (k-diffusion
     * get_ancestral_step), on Euler's grid.
     */
    private String eulerAncestral() {
        commonDdpm();
        commonSigmas();
        return process() + parameterization(false) + sampling("{type: euler-ancestral, eta: 1, s_noise: 1}",
                timeGrid(true));
    }

    /** DEISMultistepScheduler: named, the fragment is the closest {@code deis}. */
    private String deis() {
        commonDdpm();
        commonSigmas();
        int order = integer("solver_order", 2);
        String algorithm = text("algorithm_type", "deis");
        String form = text("solver_type", "logrho");
        // diffusers' docs: "polynomial fitting ... in log-rho space instead of the original linear t space"
        differences.add("DEISMultistepScheduler: diffusers fits eps by a polynomial in log(sigma/alpha) ("
                + algorithm + ", " + form + "); the bundled deis (DEIS tAB, Zhang and Chen 2022, eq. 15) fits it in"
                + " the process's time t; the closest is deis with order " + order);
        used.add("lower_order_final");
        lambdaMinClipped();
        String solver = "{type: deis, order: " + Math.max(1, Math.min(4, order)) + "}";
        if (flag("use_karras_sigmas", false)) {
            return karras(solver);
        }
        return process() + parameterization(false) + sampling(solver, dpmGrid());
    }

    private String flowMatchEuler() {
        int train = integer("num_train_timesteps", 1000);
        double shift = number("shift", 1.0);
        expect("use_dynamic_shifting", false, false, "resolution-dependent shifting is not a bundled schedule");
        for (String key : List.of("use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas", "invert_sigmas",
                "stochastic_sampling")) {
            expect(key, false, false, "not a bundled schedule or solver");
        }
        if (config.has("shift_terminal") && !config.get("shift_terminal").isNull()) {
            differences.add("shift_terminal: " + config.get("shift_terminal") + "; not a bundled schedule");
        }
        used.addAll(List.of("shift_terminal", "base_shift", "max_shift", "base_image_seq_len", "max_image_seq_len",
                "time_shift_type"));   // only read with dynamic shifting or a terminal shift
        // set_timesteps spaces sigma uniformly from 1 to the shifted 1/N_train, then shifts again (Esser et al.
        // 2024, eq. 23): time-shift with t_end = shift(1/N_train)
        String grid = shift == 1.0
                ? "{type: uniform-time, steps: " + steps + ", t_start: 1.0, t_end: " + format(1.0 / train) + "}"
                : "{type: time-shift, steps: " + steps + ", shift: " + format(shift) + ", t_start: 1.0, t_end: "
                        + format(shift * (1.0 / train) / (1.0 + (shift - 1.0) * (1.0 / train))) + "}";
        return "process: rectified-flow\nparameterization: velocity\n" + sampling("euler", grid);
    }

    // ---- shared parts

    /** Checks of every DDPM-trained scheduler (betas, prediction target, thresholding). */
    private void commonDdpm() {
        if (config.has("trained_betas") && !config.get("trained_betas").isNull()) {
            differences.add("trained_betas: a list of betas; vp-discrete builds its betas from a family (linear,"
                    + " scaled_linear, squaredcos_cap_v2)");
        }
        used.add("trained_betas");
        expect("thresholding", false, false, "dynamic thresholding (Imagen) of x0_hat is not bundled");
        used.addAll(List.of("dynamic_thresholding_ratio", "sample_max_value", "clip_sample_range"));
        expect("rescale_betas_zero_snr", false, false, "zero-terminal-SNR rescaled betas are not a vp-discrete"
                + " beta family");
        used.add("steps_offset");
        used.add("timestep_spacing");
    }

    /** Checks of the sigma-space schedulers (Euler, Heun, DPM-Solver). */
    private void commonSigmas() {
        expect("clip_sample", false, false, "the scheduler clips x0_hat; difflab samplers do not clip");
        for (String key : List.of("use_exponential_sigmas", "use_beta_sigmas")) {
            expect(key, false, false, "not a bundled schedule");
        }
        String finalSigma = text("final_sigmas_type", "zero");
        if (!finalSigma.equals("zero")) {
            differences.add("final_sigmas_type: " + finalSigma + "; difflab's final step goes to sigma 0");
        }
        String interpolation = text("interpolation_type", "linear");
        if (!interpolation.equals("linear")) {
            differences.add("interpolation_type: " + interpolation + "; only whole timesteps are translated");
        }
        used.addAll(List.of("timestep_type", "sigma_min", "sigma_max", "variance_type"));
        if (config.has("sigma_min") && !config.get("sigma_min").isNull()
                || config.has("sigma_max") && !config.get("sigma_max").isNull()) {
            differences.add("sigma_min/sigma_max: set in the config; only the sigmas of the training betas are"
                    + " translated");
        }
    }

    private String process() {
        return "process: " + processValue() + "\n";
    }

    private String processValue() {
        int train = integer("num_train_timesteps", 1000);
        String family = text("beta_schedule", "linear");
        String betas = switch (family) {
            case "linear" -> "linear";
            case "scaled_linear" -> "scaled_linear";
            case "squaredcos_cap_v2" -> "cosine";
            default -> {
                differences.add("beta_schedule: " + family + "; vp-discrete knows linear, scaled_linear and"
                        + " squaredcos_cap_v2 (its cosine)");
                yield "linear";
            }
        };
        String value = "{type: vp-discrete, betas: " + betas + ", steps: " + train;
        if (!betas.equals("cosine")) {
            value += ", beta_start: " + format(number("beta_start", 0.0001)) + ", beta_end: "
                    + format(number("beta_end", 0.02));
        } else {
            used.addAll(List.of("beta_start", "beta_end"));
        }
        return value + "}";
    }

    private String parameterization(boolean sigmaSpace) {
        String prediction = text("prediction_type", "epsilon");
        return "parameterization: " + switch (prediction) {
            case "epsilon" -> "eps";
            case "sample" -> "x0";
            case "v_prediction" -> {
                if (sigmaSpace) {
                    differences.add("prediction_type: v_prediction with use_karras_sigmas; on the edm process v"
                            + " would be eps - sigma x0, not the VP model's alpha eps - sigma x0");
                }
                yield "v";
            }
            default -> {
                differences.add("prediction_type: " + prediction + "; known: epsilon, sample, v_prediction");
                yield "eps";
            }
        } + "\n";
    }

    private static String sampling(String solver, String schedule) {
        return "sampling:\n  solver: " + solver + "\n  schedule: " + schedule + "\n";
    }

    /** The edm process between the sigmas of the first and last timesteps, the karras schedule, a sigma solver. */
    private String karras(String solver) {
        int train = integer("num_train_timesteps", 1000);
        // karras needs only the first and last timesteps, which every spacing puts on whole timesteps
        List<String> before = new ArrayList<>(differences);
        int[] timesteps = spacedTimesteps();
        differences.retainAll(before);
        ForwardProcess discrete = processes.apply(processValue());
        double sigmaMax = edmSigma(discrete, timesteps[0], train);
        double sigmaMin = edmSigma(discrete, timesteps[timesteps.length - 1], train);
        return "process: {type: edm, sigma_min: " + format(sigmaMin) + ", sigma_max: " + format(sigmaMax) + "}\n"
                + parameterization(true)
                + sampling(solver, "{type: karras, steps: " + steps + ", rho: 7}");
    }

    private static double edmSigma(ForwardProcess process, int timestep, int train) {
        double t = (timestep + 1.0) / train;
        return process.sigma(t) / process.alpha(t);
    }

    /**
     * The uniform-time grid of diffusers' DDIM/DDPM/Euler timesteps, or the nearest one with a difference recorded.
     *
     * @param floatLinspace whether "linspace" keeps fractional timesteps (Euler, Heun) rather than rounding them
     */
    private String timeGrid(boolean floatLinspace) {
        return uniformGrid(spacedTimesteps());
    }

    /** Whole timesteps of the config's spacing, largest first; records a difference if they are not uniform. */
    private int[] spacedTimesteps() {
        int train = integer("num_train_timesteps", 1000);
        int offset = integer("steps_offset", 0);
        String spacing = text("timestep_spacing", defaultSpacing());
        int[] timesteps = new int[steps];
        switch (spacing) {
            case "leading" -> {
                int ratio = train / steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (steps - 1 - i) * ratio + offset;
                }
            }
            case "trailing" -> {
                double ratio = (double) train / steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (int) Math.round(train - i * ratio) - 1;   // np.round(np.arange(T, 0, -ratio)) - 1
                }
                if (train % steps != 0) {
                    differences.add("timestep_spacing: trailing with " + train + " training steps and " + steps
                            + " inference steps rounds to whole timesteps that are not evenly spaced; choose a divisor"
                            + " of " + train);
                }
            }
            case "linspace" -> {
                for (int i = 0; i < steps; i++) {
                    double exact = steps == 1 ? 0 : (train - 1.0) * (steps - 1 - i) / (steps - 1);
                    timesteps[i] = (int) Math.rint(exact);
                }
                if (steps > 1 && (train - 1) % (steps - 1) != 0) {
                    differences.add("timestep_spacing: linspace with " + train + " training steps and " + steps
                            + " inference steps gives timesteps " + (train - 1) + "/" + (steps - 1) + " apart, not whole"
                            + " ones (diffusers rounds them, or for Euler and Heun interpolates sigma linearly between"
                            + " them); use leading or trailing spacing, or a step count with " + (train - 1)
                            + " divisible by steps - 1");
                }
            }
            default -> differences.add("timestep_spacing: " + spacing + "; known: leading, trailing, linspace");
        }
        return timesteps;
    }

    private String defaultSpacing() {
        return switch (text("_class_name", "")) {
            case "EulerDiscreteScheduler", "EulerAncestralDiscreteScheduler", "HeunDiscreteScheduler",
                    "DPMSolverMultistepScheduler", "UniPCMultistepScheduler", "DEISMultistepScheduler" -> "linspace";
            default -> "leading";
        };
    }

    private String uniformGrid(int[] timesteps) {
        int train = integer("num_train_timesteps", 1000);
        return "{type: uniform-time, steps: " + timesteps.length + ", t_start: "
                + format((timesteps[0] + 1.0) / train) + ", t_end: "
                + format((timesteps[timesteps.length - 1] + 1.0) / train) + "}";
    }

    /** DPMSolverMultistepScheduler's spacing: steps + 1 points with the last (timestep 0 side) dropped. */
    private String dpmGrid() {
        int train = integer("num_train_timesteps", 1000);
        int offset = integer("steps_offset", 0);
        String spacing = text("timestep_spacing", "linspace");
        int[] timesteps = new int[steps];
        switch (spacing) {
            case "leading" -> {
                int ratio = train / (steps + 1);
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (steps - i) * ratio + offset;
                }
            }
            case "trailing" -> {
                double ratio = (double) train / steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (int) Math.round(train - i * ratio) - 1;
                }
                if (train % steps != 0) {
                    differences.add("timestep_spacing: trailing with " + train + " training steps and " + steps
                            + " inference steps rounds to timesteps that are not evenly spaced; choose a divisor of "
                            + train);
                }
            }
            case "linspace" -> {
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = (int) Math.rint((train - 1.0) * (steps - i) / steps);
                }
                if ((train - 1) % steps != 0) {
                    differences.add("timestep_spacing: linspace with " + train + " training steps and " + steps
                            + " inference steps rounds timesteps " + (train - 1) + "/" + steps + " apart to whole ones,"
                            + " which are not evenly spaced; use leading or trailing spacing");
                }
            }
            default -> differences.add("timestep_spacing: " + spacing + "; known: leading, trailing, linspace");
        }
        return uniformGrid(timesteps);
    }

    // ---- reading the config

    private void expect(String key, boolean defaultValue, boolean supported, String why) {
        boolean value = flag(key, defaultValue);
        if (value != supported) {
            differences.add(key + ": " + value + "; " + why);
        }
    }

    private void expectText(String key, String supported, String why) {
        String value = text(key, supported);
        if (!value.equals(supported)) {
            differences.add(key + ": " + value + "; " + why);
        }
    }

    private boolean flag(String key, boolean defaultValue) {
        used.add(key);
        JsonNode node = config.get(key);
        return node == null || node.isNull() ? defaultValue : node.asBoolean();
    }

    private String text(String key, String defaultValue) {
        used.add(key);
        JsonNode node = config.get(key);
        return node == null || node.isNull() ? defaultValue : node.asString();
    }

    private int integer(String key, int defaultValue) {
        used.add(key);
        JsonNode node = config.get(key);
        return node == null || node.isNull() ? defaultValue : node.asInt();
    }

    private double number(String key, double defaultValue) {
        used.add(key);
        JsonNode node = config.get(key);
        return node == null || node.isNull() ? defaultValue : node.asDouble();
    }

    /** Shortest text that reads back as the same double. */
    static String format(double value) {
        String plain = new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
