package org.difflab.plugins.presets;

import org.difflab.api.Component;
import org.difflab.api.Preset;
import org.pf4j.Extension;

/**
 * EDM Table 1, column "Ours" (Karras et al. 2022): the process sigma(t) = t on [0.002, 80], c_skip, c_out, c_in and
 * c_noise for sigma_data = 0.5 (the parameterization and the preconditioner), noise levels by the rho = 7
 * schedule, Heun's second-order method. Its training side (log-normal p_train with P_mean = -1.2, P_std = 1.2 and
 * lambda = 1/c_out^2) is the denoising objective with noise_distribution log-normal and loss_weighting edm.
 */
@Extension
@Component(id = "edm", summary = "EDM Table 1 Ours column: edm process and preconditioning, sigma_data 0.5, Karras rho = 7 steps, Heun")
public final class EdmPreset implements Preset {

    @Override
    public String fragment() {
        return """
                process: {type: edm, sigma_min: 0.002, sigma_max: 80}
                preconditioner: {type: edm, sigma_data: 0.5}
                parameterization: {type: edm, sigma_data: 0.5}
                sampling:
                  schedule: {type: karras, rho: 7}
                  solver: heun
                """;
    }
}
