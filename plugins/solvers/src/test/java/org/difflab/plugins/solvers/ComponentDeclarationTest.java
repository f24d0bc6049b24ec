package org.difflab.plugins.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.math.PathPoint;
import org.junit.jupiter.api.Test;
import org.pf4j.Extension;

/** Ids, options (with the reference projects' defaults), capabilities, validation and rk45's guards. */
class ComponentDeclarationTest {

    private static final List<Class<? extends Solver>> SOLVERS = List.of(EulerSolver.class, HeunSolver.class,
            Rk2Solver.class, EdmStochasticSolver.class, DdimSolver.class, DdpmAncestralSolver.class,
            EulerMaruyamaSolver.class, PredictorCorrectorSolver.class, DpmSolverPlusPlus2M.class,
            DpmSolverPlusPlus3M.class, DpmSolver.class, LmsSolver.class, Rk45Solver.class,
            EulerAncestralSolver.class, DpmSolverPlusPlus2S.class, DpmSolverPlusPlus2SAncestral.class,
            UniPcSolver.class, DpmSolverPlusPlus2MSde.class, DpmSolverPlusPlus3MSde.class,
            DeisSolver.class, IpndmSolver.class, DpmSolverMultistep.class, DpmSolverPlusPlusSde.class);

    @Test
    void everySolverIsAnExtensionWithAStableUniqueId() {
        assertThat(SOLVERS).allSatisfy(c -> assertThat(c.isAnnotationPresent(Extension.class)).isTrue());
        assertThat(SOLVERS.stream().map(c -> c.getAnnotation(Component.class).id()).toList()).containsExactly(
                "euler", "heun", "rk2", "edm-stochastic", "ddim", "ddpm-ancestral", "euler-maruyama", "pc",
                "dpmpp-2m", "dpmpp-3m", "dpm-solver", "lms", "rk45",
                "euler-ancestral", "dpmpp-2s", "dpmpp-2s-ancestral", "unipc", "dpmpp-2m-sde", "dpmpp-3m-sde", "deis", "ipndm",
                "dpm-solver-multistep", "dpmpp-sde");
    }

    /** The @Param defaults, as the platform reads them (keys in snake_case). */
    private static Map<String, String> defaults(Class<? extends Solver> solver) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Class<?> nested : solver.getDeclaredClasses()) {
            if (nested.isRecord() && nested.getSimpleName().equals("Options")) {
                for (RecordComponent rc : nested.getRecordComponents()) {
                    Param p = rc.getAnnotation(Param.class);
                    assertThat(p).as(solver.getSimpleName() + "." + rc.getName()).isNotNull();
                    assertThat(p.doc()).isNotBlank();
                    String key = rc.getName().replaceAll("([A-Z])", "_$1").toLowerCase();
                    out.put(key, p.defaultValue());
                }
            }
        }
        return out;
    }

    /** EDM edm_sampler, score SDE's PC sampler and RK45 ODE sampler, k-diffusion's sample_lms. */
    @Test
    void optionDefaultsAreTheReferenceProjectsDefaults() {
        assertThat(defaults(EdmStochasticSolver.class)).containsExactly(Map.entry("s_churn", "0"),
                Map.entry("s_min", "0"), Map.entry("s_max", ""), Map.entry("s_noise", "1"));
        assertThat(defaults(PredictorCorrectorSolver.class)).containsExactly(Map.entry("predictor",
                "reverse_diffusion"), Map.entry("snr", "0.16"), Map.entry("corrector_steps", "1"));
        assertThat(defaults(Rk45Solver.class)).containsEntry("rtol", "1e-5").containsEntry("atol", "1e-5");
        assertThat(defaults(LmsSolver.class)).containsExactly(Map.entry("order", "4"));
        assertThat(defaults(DdimSolver.class)).containsExactly(Map.entry("eta", "0"));
        assertThat(defaults(Rk2Solver.class)).containsExactly(Map.entry("alpha", "0.5"));
        assertThat(defaults(EulerSolver.class)).isEmpty();
        assertThat(defaults(HeunSolver.class)).containsExactly(Map.entry("final_step", "euler"));
        assertThat(defaults(DpmSolverPlusPlus2S.class)).containsExactly(Map.entry("final_step", "euler"));
        assertThat(defaults(DpmSolver.class)).containsExactly(Map.entry("order", "3"), Map.entry("final_step", "euler"));
        // k-diffusion sample_euler_ancestral and sample_dpmpp_2s_ancestral: eta = 1, s_noise = 1
        assertThat(defaults(EulerAncestralSolver.class)).containsExactly(Map.entry("eta", "1"), Map.entry("s_noise", "1"));
        assertThat(defaults(DpmSolverPlusPlus2SAncestral.class)).containsExactly(Map.entry("eta", "1"),
                Map.entry("s_noise", "1"));
        // diffusers' UniPCMultistepScheduler: solver_type bh2, solver_order 2, corrector on, lower_order_final
        assertThat(defaults(UniPcSolver.class)).containsExactly(Map.entry("variant", "bh2"), Map.entry("order", "2"),
                Map.entry("corrector", "true"), Map.entry("lower_order_final", "true"));
        // k-diffusion sample_dpmpp_2m_sde / 3m_sde: eta = 1, s_noise = 1, solver_type midpoint
        assertThat(defaults(DpmSolverPlusPlus2MSde.class)).containsExactly(Map.entry("eta", "1"),
                Map.entry("s_noise", "1"), Map.entry("solver_type", "midpoint"));
        assertThat(defaults(DpmSolverPlusPlus3MSde.class)).containsExactly(Map.entry("eta", "1"),
                Map.entry("s_noise", "1"), Map.entry("third_order_term", "published"));
        // the DEIS repository: ab_order 3 (tAB3, four outputs) and iPNDM with four
        assertThat(defaults(DeisSolver.class)).containsExactly(Map.entry("order", "4"));
        assertThat(defaults(IpndmSolver.class)).containsExactly(Map.entry("order", "4"));
        // diffusers' DPMSolverMultistepScheduler (solver_order 2, solver_type midpoint); k-diffusion sample_dpmpp_sde
        assertThat(defaults(DpmSolverMultistep.class)).containsExactly(Map.entry("order", "2"),
                Map.entry("solver_type", "midpoint"), Map.entry("third_order_term", "corrected"));
        assertThat(defaults(DpmSolverPlusPlusSde.class)).containsExactly(Map.entry("eta", "1"),
                Map.entry("s_noise", "1"), Map.entry("r", "0.5"));
        assertThat(defaults(DpmSolverPlusPlus3M.class)).containsExactly(Map.entry("third_order_term", "corrected"));
    }

    @Test
    void capabilitiesSayWhatEachSolverDoes() {
        assertThat(new DpmSolverPlusPlus2M().capabilities()).containsExactly(Capability.MULTISTEP);
        assertThat(new DpmSolverPlusPlus3M().capabilities()).containsExactly(Capability.MULTISTEP);
        assertThat(new LmsSolver(new LmsSolver.Options(4)).capabilities()).containsExactly(Capability.MULTISTEP);
        assertThat(new Rk45Solver(new Rk45Solver.Options(1e-5, 1e-5, 100)).capabilities())
                .containsExactly(Capability.ADAPTIVE_STEPS);
        assertThat(new DdimSolver(new DdimSolver.Options(0.3)).capabilities()).containsExactly(Capability.STOCHASTIC);
        assertThat(new EulerSolver().capabilities()).isEqualTo(Set.of());
        assertThat(List.of(new EulerSolver().order(), new HeunSolver().order(), new DpmSolverPlusPlus3M().order(),
                new DpmSolver(new DpmSolver.Options(2, FinalStep.EULER)).order(), new Rk45Solver(new Rk45Solver.Options(1e-5, 1e-5, 100))
                        .order())).containsExactly(1, 2, 3, 2, 5);
    }

    @Test
    void inconsistentOptionsNameTheirKey() {
        assertThatThrownBy(() -> new EdmStochasticSolver.Options(10, 5, 1.0, 1)).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("s_max (1.0) must be at least s_min (5.0)")
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("s_max"));
        assertThatThrownBy(() -> new Rk45Solver.Options(1e-16, 1e-5, 100)).isInstanceOf(InvalidOptionException.class)
                .satisfies(e -> assertThat(((InvalidOptionException) e).key()).isEqualTo("rtol"));
    }

    @Test
    void rk45StopsAtItsNfeBudget() {
        double[] grid = Grids.karras(TestProcesses.EDM, 8, 0.002, 80, 7);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = Measure.prior(manager, TestProcesses.EDM, 80, 8, 2, 1);
            TestContext context = new TestContext(TestProcesses.EDM, Mixtures.THREE, 0);
            assertThatThrownBy(() -> context.integrate(new Rk45Solver(new Rk45Solver.Options(1e-8, 1e-8, 30)), grid, x))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("max_nfe=30");
            assertThat(context.calls()).isLessThanOrEqualTo(30);
        }
    }

    /** On a grid ending at sigma = 0, rk45 integrates to t_{N-1} and returns alpha(t_N) x0_hat there. */
    @Test
    void rk45EndsWithTheDenoisedSample() {
        double[] grid = Grids.karras(TestProcesses.EDM, 8, 0.002, 80, 7);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = Measure.prior(manager, TestProcesses.EDM, 80, 8, 2, 1);
            Solver solver = new Rk45Solver(new Rk45Solver.Options(1e-5, 1e-5, 10_000));
            NDArray full = new TestContext(TestProcesses.EDM, Mixtures.THREE, 0).integrate(solver, grid, x).x();
            double[] upToLast = Arrays.copyOf(grid, grid.length - 1);
            NDArray beforeLast = new TestContext(TestProcesses.EDM, Mixtures.THREE, 0).integrate(solver, upToLast, x)
                    .x();
            double sigma = upToLast[upToLast.length - 1];
            NDArray denoised = Mixtures.THREE.posteriorMean(beforeLast, new PathPoint(sigma, 1, sigma, 0, 1));
            assertThat(Measure.maxAbs(full, denoised)).isLessThan(1e-14);
        }
    }
}
