package org.difflab.plugins.presets;

import org.difflab.api.Component;
import org.difflab.api.Preset;
import org.pf4j.Extension;

/**
 * EDM Table 1, column "VP" (Song et al. 2021's VP SDE as EDM writes it): beta_d = 19.9, beta_min = 0.1,
 * epsilon_s = 1e-3; c_in = 1/sqrt(sigma^2 + 1), c_noise = (M - 1) sigma^-1(sigma); eps prediction; time steps
 * uniform in t from 1 to epsilon_s; Euler.
 */
@Extension
@Component(id = "edm-vp", summary = "EDM Table 1 VP column: vp process, vp preconditioning, eps target, vp steps, Euler")
public final class EdmVpPreset implements Preset {

    @Override
    public String fragment() {
        return """
                process: {type: vp, beta_min: 0.1, beta_max: 20, sampling_end: 0.001}
                preconditioner: vp
                parameterization: eps
                sampling:
                  schedule: {type: vp}
                  solver: euler
                """;
    }
}
