package org.difflab.api.sampling;

import org.difflab.api.math.Ramp;

/**
 * The closed-form noise-level grids of the literature, N levels from sigma_max down to sigma_min, both ends exact
 * (the formulas' pow/exp round trips can miss them by an ulp, and a process whose range ends there would reject
 * that). Schedules ({@link NoiseLevelSchedule} subclasses), the contract suite's grids and tests take them from here.
 */
public final class NoiseLevels {

    private NoiseLevels() {}

    /**
     * Karras et al.'s (2022, eq. 5) rho schedule: sigma_i = (sigma_max^(1/rho) + i/(N-1) (sigma_min^(1/rho) -
     * sigma_max^(1/rho)))^rho, i = 0..N-1 (k-diffusion's get_sigmas_karras without its appended 0).
     */
    public static double[] karras(int steps, double sigmaMin, double sigmaMax, double rho) {
        double[] levels = Ramp.linspace(Math.pow(sigmaMax, 1.0 / rho), Math.pow(sigmaMin, 1.0 / rho), steps);
        for (int i = 0; i < steps; i++) {
            levels[i] = Math.pow(levels[i], rho);
        }
        return withExactEnds(levels, sigmaMin, sigmaMax);
    }

    /**
     * N levels geometric between sigma_max and sigma_min, sigma_i = sigma_max (sigma_min/sigma_max)^(i/(N-1)): uniform
     * in log sigma and in the half log-SNR lambda = -log sigma (EDM's VE discretization, Karras et al. 2022, Table 1;
     * k-diffusion's get_sigmas_exponential; DPM-Solver's logSNR grid).
     */
    public static double[] geometric(int steps, double sigmaMin, double sigmaMax) {
        double[] levels = Ramp.linspace(0.0, Math.log(sigmaMin / sigmaMax), steps);
        for (int i = 0; i < steps; i++) {
            levels[i] = sigmaMax * Math.exp(levels[i]);
        }
        return withExactEnds(levels, sigmaMin, sigmaMax);
    }

    private static double[] withExactEnds(double[] levels, double sigmaMin, double sigmaMax) {
        if (levels.length > 0) {
            levels[0] = sigmaMax;
        }
        if (levels.length > 1) {
            levels[levels.length - 1] = sigmaMin;
        }
        return levels;
    }
}
