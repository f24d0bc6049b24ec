package org.difflab.plugins.processes;

import org.difflab.api.math.Ramp;

/**
 * The discrete DDPM noise schedules beta_0..beta_{N-1}: Ho et al.'s (2020) linear betas, Stable Diffusion's
 * "scaled_linear" (linear in sqrt(beta)) and Nichol &amp; Dhariwal's (2021, eq. 17) cosine schedule, the last
 * as diffusers' {@code squaredcos_cap_v2}.
 */
public enum DdpmBetas {

    /** beta_n = linspace(beta_start, beta_end, N) (Ho et al. 2020: 1e-4 to 0.02). */
    LINEAR,

    /** beta_n = linspace(sqrt(beta_start), sqrt(beta_end), N)^2 (diffusers' scaled_linear). */
    SCALED_LINEAR,

    /**
     * beta_n = min(1 - abar((n+1)/N) / abar(n/N), 0.999) with abar(t) = cos^2(((t + 0.008)/1.008) pi/2)
     * (Nichol &amp; Dhariwal 2021, eq. 17; the clip keeps beta_{N-1} below 1, where abar(1) = 0).
     */
    COSINE;

    /** Offset s of the cosine schedule (Nichol &amp; Dhariwal 2021). */
    static final double COSINE_OFFSET = 0.008;

    /** The clip on the cosine schedule's betas (Nichol &amp; Dhariwal 2021, Sec. 3.2). */
    static final double COSINE_MAX_BETA = 0.999;

    /** The N betas; {@code start}, {@code end} are used by the linear families only. */
    double[] betas(int steps, double start, double end) {
        return switch (this) {
            case LINEAR -> Ramp.linspace(start, end, steps);
            case SCALED_LINEAR -> {
                double[] roots = Ramp.linspace(Math.sqrt(start), Math.sqrt(end), steps);
                yield java.util.Arrays.stream(roots).map(root -> root * root).toArray();
            }
            case COSINE -> cosineBetas(steps);
        };
    }

    private static double[] cosineBetas(int steps) {
        double[] betas = new double[steps];
        for (int n = 0; n < steps; n++) {
            betas[n] = Math.min(1.0 - cosineAlphaBar((double) (n + 1) / steps) / cosineAlphaBar((double) n / steps),
                    COSINE_MAX_BETA);
        }
        return betas;
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + COSINE_OFFSET) / (1.0 + COSINE_OFFSET) * Math.PI / 2.0);
        return c * c;
    }
}
