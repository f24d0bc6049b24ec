package org.difflab.plugins.solvers;

import java.util.List;
import java.util.function.Supplier;
import org.difflab.api.Solver;

/** Every solver of the module in the configurations the tests exercise, with its NFE formula. */
final class SolverCatalogue {

    private SolverCatalogue() {}

    /** NFE for N steps; {@code toZero}: the grid's final time has sigma = 0. Null: adaptive (checked otherwise). */
    interface NfeFormula {
        Integer nfe(int steps, boolean toZero);
    }

    /**
     * @param name display name (id and options)
     * @param solver a fresh instance
     * @param nfe the exact NFE of the solver (as the platform counts it)
     * @param stochastic whether it draws noise
     */
    record Case(String name, Supplier<Solver> solver, NfeFormula nfe, boolean stochastic) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Case EULER = new Case("euler", EulerSolver::new, (n, z) -> n, false);
    static final Case HEUN = new Case("heun", HeunSolver::new, (n, z) -> 2 * n - 1, false);
    static final Case RK2_MIDPOINT = new Case("rk2{alpha=0.5}", () -> new Rk2Solver(new Rk2Solver.Options(0.5)),
            (n, z) -> 2 * n - 1, false);
    static final Case RK2_HEUN = new Case("rk2{alpha=1}", () -> new Rk2Solver(new Rk2Solver.Options(1.0)),
            (n, z) -> 2 * n - 1, false);
    static final Case EDM_NO_CHURN = new Case("edm-stochastic{s_churn=0}",
            () -> new EdmStochasticSolver(new EdmStochasticSolver.Options(0, 0, null, 1)), (n, z) -> 2 * n - 1, false);
    static final Case EDM_CHURN = new Case("edm-stochastic{s_churn=40,s_min=0.05,s_max=50}",
            () -> new EdmStochasticSolver(new EdmStochasticSolver.Options(40, 0.05, 50.0, 1.0)),
            (n, z) -> 2 * n - 1, true);
    static final Case DDIM = new Case("ddim{eta=0}", () -> new DdimSolver(new DdimSolver.Options(0)), (n, z) -> n, false);
    static final Case DDIM_ETA1 = new Case("ddim{eta=1}", () -> new DdimSolver(new DdimSolver.Options(1)),
            (n, z) -> n, true);
    static final Case DDPM = new Case("ddpm-ancestral", DdpmAncestralSolver::new, (n, z) -> n, true);
    static final Case EM_ODE = new Case("euler-maruyama{stochasticity=0}",
            () -> new EulerMaruyamaSolver(new EulerMaruyamaSolver.Options(0)), (n, z) -> n, false);
    static final Case EM_SDE = new Case("euler-maruyama{stochasticity=1}",
            () -> new EulerMaruyamaSolver(new EulerMaruyamaSolver.Options(1)), (n, z) -> n, true);
    static final Case PC = new Case("pc{reverse_diffusion,snr=0.16,corrector_steps=1}",
            () -> new PredictorCorrectorSolver(new PredictorCorrectorSolver.Options(
                    PredictorCorrectorSolver.Predictor.REVERSE_DIFFUSION, 0.16, 1)), (n, z) -> 2 * n, true);
    static final Case PC_EM = new Case("pc{euler_maruyama,snr=0.1,corrector_steps=2}",
            () -> new PredictorCorrectorSolver(new PredictorCorrectorSolver.Options(
                    PredictorCorrectorSolver.Predictor.EULER_MARUYAMA, 0.1, 2)), (n, z) -> 3 * n, true);
    static final Case PC_NONE = new Case("pc{none,snr=0.16,corrector_steps=1}",
            () -> new PredictorCorrectorSolver(new PredictorCorrectorSolver.Options(
                    PredictorCorrectorSolver.Predictor.NONE, 0.16, 1)), (n, z) -> n + 1, true);
    static final Case DPMPP_2M = new Case("dpmpp-2m", DpmSolverPlusPlus2M::new, (n, z) -> n, false);
    static final Case DPMPP_3M = new Case("dpmpp-3m", DpmSolverPlusPlus3M::new, (n, z) -> n, false);
    static final Case DPM1 = new Case("dpm-solver{order=1}", () -> new DpmSolver(new DpmSolver.Options(1)),
            (n, z) -> n, false);
    static final Case DPM2 = new Case("dpm-solver{order=2}", () -> new DpmSolver(new DpmSolver.Options(2)),
            (n, z) -> z ? 2 * (n - 1) + 1 : 2 * n, false);
    static final Case DPM3 = new Case("dpm-solver{order=3}", () -> new DpmSolver(new DpmSolver.Options(3)),
            (n, z) -> z ? 3 * (n - 1) + 1 : 3 * n, false);
    static final Case LMS = new Case("lms{order=4}", () -> new LmsSolver(new LmsSolver.Options(4)), (n, z) -> n, false);
    static final Case RK45 = new Case("rk45{rtol=1e-5,atol=1e-5}",
            () -> new Rk45Solver(new Rk45Solver.Options(1e-5, 1e-5, 10000)), (n, z) -> null, false);

    static final Case CONSISTENCY = new Case("consistency{sigma_min=0.002}",
            () -> new ConsistencySampler(new ConsistencySampler.Options(0.002)), (n, z) -> n, true);

    static final List<Case> ALL = List.of(EULER, HEUN, RK2_MIDPOINT, RK2_HEUN, EDM_NO_CHURN, EDM_CHURN, DDIM,
            DDIM_ETA1, DDPM, EM_ODE, EM_SDE, PC, PC_EM, PC_NONE, DPMPP_2M, DPMPP_3M, DPM1, DPM2, DPM3, LMS, RK45,
            CONSISTENCY);

    /**
     * The cases that refuse a grid starting where alpha = 0 (flow matching's t = 1: infinite noise level, so
     * no finite lambda, EDM coordinate or SDE diffusion); the others take their exact limits there.
     */
    static final List<Case> NEED_FINITE_START = List.of(EM_SDE, PC_EM, DPM1, DPM2, DPM3, LMS, RK45);
}
