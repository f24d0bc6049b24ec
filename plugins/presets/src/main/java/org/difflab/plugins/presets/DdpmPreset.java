package org.difflab.plugins.presets;

import org.difflab.api.Component;
import org.difflab.api.Preset;
import org.pf4j.Extension;

/**
 * DDPM (Ho et al. 2020): 1000 linear betas from 1e-4 to 0.02, eps prediction, ancestral sampling through every
 * one of the 1000 steps.
 */
@Extension
@Component(id = "ddpm", summary = "DDPM: 1000 linear betas, eps target, ancestral sampling over all 1000 steps")
public final class DdpmPreset implements Preset {

    @Override
    public String fragment() {
        return """
                process: {type: vp-discrete, betas: linear, steps: 1000}
                preconditioner: none
                parameterization: eps
                sampling:
                  schedule: {type: uniform-time, steps: 1000}
                  solver: ddpm-ancestral
                """;
    }
}
