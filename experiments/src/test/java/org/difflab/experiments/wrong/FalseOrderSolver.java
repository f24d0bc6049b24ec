package org.difflab.experiments.wrong;

import org.difflab.api.Component;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/** Euler's method (first order) that declares order 2. */
@Extension
@Component(id = "false-order", summary = "WRONG on purpose: Euler's method declaring order 2")
public final class FalseOrderSolver implements Solver {

    @Override
    public int order() {
        return 2;   // the mistake: Euler is first order
    }

    @Override
    public Stepper start(Integration run) {
        return (step, x) -> x.add(step.velocity(x, step.t(), step.x0(x, step.t())).mul(step.h()));
    }
}
