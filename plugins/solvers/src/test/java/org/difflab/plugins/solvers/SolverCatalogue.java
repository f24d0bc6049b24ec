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
    static final Case DPM1 = new Case("dpm-solver{order=1}", () -> new DpmSolver(new DpmSolver.Options(1, FinalStep.EULER)),
            (n, z) -> n, false);
    static final Case DPM2 = new Case("dpm-solver{order=2}", () -> new DpmSolver(new DpmSolver.Options(2, FinalStep.EULER)),
            (n, z) -> z ? 2 * (n - 1) + 1 : 2 * n, false);
    static final Case DPM3 = new Case("dpm-solver{order=3}", () -> new DpmSolver(new DpmSolver.Options(3, FinalStep.EULER)),
            (n, z) -> z ? 3 * (n - 1) + 1 : 3 * n, false);
    static final Case LMS = new Case("lms{order=4}", () -> new LmsSolver(new LmsSolver.Options(4)), (n, z) -> n, false);
    static final Case RK45 = new Case("rk45{rtol=1e-5,atol=1e-5}",
            () -> new Rk45Solver(new Rk45Solver.Options(1e-5, 1e-5, 10000)), (n, z) -> null, false);

    static final Case EULER_ANCESTRAL = new Case("euler-ancestral{eta=1}",
            () -> new EulerAncestralSolver(new EulerAncestralSolver.Options(1, 1)), (n, z) -> n, true);
    static final Case DPMPP_2S = new Case("dpmpp-2s", DpmSolverPlusPlus2S::new, (n, z) -> z ? 2 * n - 1 : 2 * n, false);
    static final Case DPMPP_2S_ANCESTRAL = new Case("dpmpp-2s-ancestral{eta=1}",
            () -> new DpmSolverPlusPlus2SAncestral(new DpmSolverPlusPlus2SAncestral.Options(1, 1)),
            (n, z) -> z ? 2 * n - 1 : 2 * n, true);

    static final Case UNIPC = new Case("unipc{bh2,order=2,corrector,lower_order_final}",
            () -> new UniPcSolver(new UniPcSolver.Options(UniPcSolver.Variant.BH2, 2, true, true)), (n, z) -> n, false);
    static final Case UNIPC_BH1_3 = new Case("unipc{bh1,order=3,corrector}",
            () -> new UniPcSolver(new UniPcSolver.Options(UniPcSolver.Variant.BH1, 3, true, false)), (n, z) -> n, false);
    static final Case UNIPC_BH1_1 = new Case("unipc{bh1,order=1,corrector}",
            () -> new UniPcSolver(new UniPcSolver.Options(UniPcSolver.Variant.BH1, 1, true, false)), (n, z) -> n, false);
    static final Case UNIP_BH2_2 = new Case("unipc{bh2,order=2,no corrector}",
            () -> new UniPcSolver(new UniPcSolver.Options(UniPcSolver.Variant.BH2, 2, false, false)), (n, z) -> n, false);
    static final Case UNIP_BH1_3 = new Case("unipc{bh1,order=3,no corrector}",
            () -> new UniPcSolver(new UniPcSolver.Options(UniPcSolver.Variant.BH1, 3, false, false)), (n, z) -> n, false);

    static final Case DPMPP_2M_SDE = new Case("dpmpp-2m-sde{eta=1,midpoint}",
            () -> new DpmSolverPlusPlus2MSde(new DpmSolverPlusPlus2MSde.Options(1, 1,
                    DpmSolverPlusPlusMultistep.SecondOrderForm.MIDPOINT)), (n, z) -> n, true);
    static final Case DPMPP_3M_SDE = new Case("dpmpp-3m-sde{eta=1,corrected}",
            () -> new DpmSolverPlusPlus3MSde(new DpmSolverPlusPlus3MSde.Options(1, 1,
                    DpmSolverPlusPlusMultistep.ThirdOrderTerm.CORRECTED)), (n, z) -> n, true);
    static final Case DPMPP_3M_PUBLISHED = new Case("dpmpp-3m{published}",
            () -> new DpmSolverPlusPlus3M(new DpmSolverPlusPlus3M.Options(
                    DpmSolverPlusPlusMultistep.ThirdOrderTerm.PUBLISHED)), (n, z) -> n, false);

    static final Case DEIS_2 = new Case("deis{order=2}", () -> new DeisSolver(new DeisSolver.Options(2)),
            (n, z) -> n, false);
    static final Case DEIS_3 = new Case("deis{order=3}", () -> new DeisSolver(new DeisSolver.Options(3)),
            (n, z) -> n, false);
    static final Case DEIS_4 = new Case("deis{order=4}", () -> new DeisSolver(new DeisSolver.Options(4)),
            (n, z) -> n, false);
    static final Case IPNDM = new Case("ipndm{order=4}", () -> new IpndmSolver(new IpndmSolver.Options(4)),
            (n, z) -> n, false);

    static final Case OPTIMISED_IPNDM = new Case("optimised-multistep{base=ipndm}", () -> new OptimisedMultistepSolver(
            new OptimisedMultistepSolver.Options(null, OptimisedMultistepSolver.Base.IPNDM)), (n, z) -> n, false);
    static final Case OPTIMISED_DPMPP_2M = new Case("optimised-multistep{base=dpmpp-2m}",
            () -> new OptimisedMultistepSolver(new OptimisedMultistepSolver.Options(null,
                    OptimisedMultistepSolver.Base.DPMPP_2M)), (n, z) -> n, false);

    static final Case DPM_MULTISTEP_2 = new Case("dpm-solver-multistep{order=2,midpoint}",
            () -> new DpmSolverMultistep(new DpmSolverMultistep.Options(2,
                    DpmSolverPlusPlusMultistep.SecondOrderForm.MIDPOINT,
                    DpmSolverPlusPlusMultistep.ThirdOrderTerm.CORRECTED)), (n, z) -> n, false);
    static final Case DPM_MULTISTEP_3 = new Case("dpm-solver-multistep{order=3,corrected}",
            () -> new DpmSolverMultistep(new DpmSolverMultistep.Options(3,
                    DpmSolverPlusPlusMultistep.SecondOrderForm.MIDPOINT,
                    DpmSolverPlusPlusMultistep.ThirdOrderTerm.CORRECTED)), (n, z) -> n, false);
    static final Case DPMPP_SDE = new Case("dpmpp-sde{eta=1,r=0.5}",
            () -> new DpmSolverPlusPlusSde(new DpmSolverPlusPlusSde.Options(1, 1, 0.5)),
            (n, z) -> z ? 2 * n - 1 : 2 * n, true);

    static final Case CONSISTENCY = new Case("consistency{sigma_min=0.002}",
            () -> new ConsistencySampler(new ConsistencySampler.Options(0.002)), (n, z) -> n, true);
    static final Case HEUN_MIDPOINT = new Case("heun{final_step=midpoint}",
            () -> new HeunSolver(new HeunSolver.Options(FinalStep.MIDPOINT)), (n, z) -> 2 * n, false);
    static final Case DPM2_MIDPOINT = new Case("dpm-solver{order=2,final_step=midpoint}",
            () -> new DpmSolver(new DpmSolver.Options(2, FinalStep.MIDPOINT)), (n, z) -> 2 * n, false);
    static final Case DPMPP_2S_MIDPOINT = new Case("dpmpp-2s{final_step=midpoint}",
            () -> new DpmSolverPlusPlus2S(new DpmSolverPlusPlus2S.Options(FinalStep.MIDPOINT)), (n, z) -> 2 * n, false);

    static final List<Case> ALL = List.of(EULER, HEUN, RK2_MIDPOINT, RK2_HEUN, EDM_NO_CHURN, EDM_CHURN, DDIM,
            DDIM_ETA1, DDPM, EM_ODE, EM_SDE, PC, PC_EM, PC_NONE, DPMPP_2M, DPMPP_3M, DPM1, DPM2, DPM3, LMS, RK45,
            EULER_ANCESTRAL, DPMPP_2S, DPMPP_2S_ANCESTRAL, UNIPC, UNIPC_BH1_3, DPMPP_2M_SDE, DPMPP_3M_SDE,
            DPMPP_3M_PUBLISHED, DEIS_4, IPNDM, OPTIMISED_IPNDM, OPTIMISED_DPMPP_2M, DPM_MULTISTEP_2, DPM_MULTISTEP_3,
            DPMPP_SDE,
            CONSISTENCY, HEUN_MIDPOINT, DPM2_MIDPOINT, DPMPP_2S_MIDPOINT);

    /**
     * The cases that refuse a grid starting where alpha = 0 (flow matching's t = 1: infinite noise level, so
     * no finite lambda, EDM coordinate or SDE diffusion); the others take their exact limits there.
     */
    static final List<Case> NEED_FINITE_START = List.of(EM_SDE, PC_EM, DPM1, DPM2, DPM3, LMS, RK45,
            EULER_ANCESTRAL, DPMPP_2S, DPMPP_2S_ANCESTRAL, UNIPC, UNIPC_BH1_3, DEIS_4, IPNDM, OPTIMISED_IPNDM,
            DPM_MULTISTEP_2, DPM_MULTISTEP_3, DPMPP_SDE, DPM2_MIDPOINT, DPMPP_2S_MIDPOINT);
}
