package org.difflab.plugins.presets;

import org.difflab.api.Component;
import org.difflab.api.Preset;
import org.pf4j.Extension;

/**
 * Rectified flow / conditional optimal transport (Liu et al. 2023; Lipman et al. 2023): x_t = (1 - t) x0 + t eps,
 * the network regressing the velocity eps - x0, time steps uniform in t, Euler.
 */
@Extension
@Component(id = "rectified-flow", summary = "Rectified flow: linear path, velocity target, uniform time steps, Euler")
public final class RectifiedFlowPreset implements Preset {

    @Override
    public String fragment() {
        return """
                process: {type: rectified-flow}
                preconditioner: none
                parameterization: velocity
                sampling:
                  schedule: {type: uniform-time}
                  solver: euler
                """;
    }
}
