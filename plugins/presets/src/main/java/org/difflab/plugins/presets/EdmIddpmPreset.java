package org.difflab.plugins.presets;

import org.difflab.api.Component;
import org.difflab.api.Preset;
import org.pf4j.Extension;

/**
 * EDM Table 1, column "iDDPM + DDIM": the process sigma(t) = t, c_in = 1/sqrt(sigma^2 + 1), c_noise = the index
 * M - 1 - j of the nearest entry u_j of iDDPM's table, eps prediction, steps at evenly spaced entries of that table
 * (EDM's ablation sampler takes sigma_max = 81 for this column, so its first level is u_0 = 80.2), Euler (DDIM is
 * Euler in sigma on this process).
 */
@Extension
@Component(id = "edm-iddpm", summary = "EDM Table 1 iDDPM+DDIM column: edm process, iddpm preconditioning, eps target, iddpm steps, Euler")
public final class EdmIddpmPreset implements Preset {

    @Override
    public String fragment() {
        return """
                process: {type: edm}
                preconditioner: iddpm
                parameterization: eps
                sampling:
                  schedule: {type: iddpm, sigma_max: 81}
                  solver: euler
                """;
    }
}
