package org.difflab.api.sampling;

import org.difflab.api.Solver;

/**
 * A solver whose per-step weights of its past denoiser outputs can be corrected ({@link WeightCorrections}), so that
 * {@code difflab optimize-schedule --coefficients} can fit them, with the grid, on the exact probability-flow ODE.
 */
public interface FittableSolver extends Solver {

    /** The method whose weights are corrected (a solver id, e.g. ipndm): recorded in the corrections' file. */
    String base();

    /** This solver with {@code corrections} (which replace any it was given); it integrates only their grid. */
    Solver withCorrections(WeightCorrections corrections);
}
