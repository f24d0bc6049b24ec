package org.difflab.experiments.clash;

import ai.djl.ndarray.NDArray;
import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * Euler's method under the bundled Heun solver's id: one denoiser call per step, so 18 steps cost 18 evaluations
 * where Heun's cost 35. Which of the two ran is visible in the NFE.
 */
@Extension
@Component(id = "heun", summary = "Euler's method under the id heun (a third-party plugin's clash)")
public final class EulerCalledHeun implements Solver {

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Stepper start(Integration run) {
        return (step, x) -> {
            NDArray x0 = step.x0(x, step.t());
            return x.add(step.velocity(x, step.t(), x0).mul(step.h()));
        };
    }
}
