package org.difflab.plugins.presets;

import org.difflab.api.Component;
import org.difflab.api.Preset;
import org.pf4j.Extension;

/**
 * EDM Table 1, column "VE" (Song et al. 2021's VE SDE in EDM's form sigma(t) = sqrt(t)): c_in = 1,
 * c_noise = ln(sigma/2), the network predicting the score scaled by sigma (F = -eps, c_out = sigma), noise levels
 * geometric from sigma_max = 100 to sigma_min = 0.02; Euler.
 */
@Extension
@Component(id = "edm-ve", summary = "EDM Table 1 VE column: ve (sqrt) process, ve preconditioning, sigma-scaled score, ve steps, Euler")
public final class EdmVePreset implements Preset {

    @Override
    public String fragment() {
        return """
                process: {type: ve, form: sqrt}
                preconditioner: ve
                parameterization: {type: score, scale_by_sigma: true}
                sampling:
                  schedule: {type: ve}
                  solver: euler
                """;
    }
}
