package org.difflab.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Integrator;
import org.difflab.api.sampling.SolverContext;
import org.difflab.api.sampling.StepObserver;

/**
 * Says where a non-finite sample came from. Sampling runs no check per step (it would cost a pass over the batch
 * at every step of every run); when a batch ends non-finite, the batch is integrated again from the same start
 * under an observer that finds the first step whose denoiser output x0_hat or whose resulting state is not
 * finite, so the message names the step, its times and noise levels, and whether the model or the solver
 * produced the first NaN or infinity.
 */
final class NonFiniteSample {

    private NonFiniteSample() {}

    /**
     * The message for a batch that ended non-finite: integrates {@code x} again over {@code times} and names the
     * first step where x0_hat or the state stopped being finite.
     */
    static String explain(Solver solver, String solverId, SolverContext context, double[] times, NDArray x) {
        FirstNonFinite watch = new FirstNonFinite();
        try {
            Integrator.integrate(solver, context, times, x, watch).x().close();
        } catch (RuntimeException e) {
            if (watch.step < 0) {
                return "solver '" + solverId + "' produced a non-finite sample (NaN or infinity); integrating the"
                        + " batch again to find the step failed: " + e.getMessage();
            }
        }
        if (watch.step < 0) {
            // not reproduced (a stochastic solver's noise differs on the second pass): say what is known
            return "solver '" + solverId + "' produced a non-finite sample (NaN or infinity); integrating the batch"
                    + " again did not reproduce it, so the step is unknown; the grid or precision may be unsuitable";
        }
        ForwardProcess process = context.process();
        int i = watch.step;
        String where = "step " + (i + 1) + " of " + (times.length - 1) + " (t = " + fmt(times[i]) + " -> "
                + fmt(times[i + 1]) + ", noise level " + fmt(process.noiseLevel(times[i])) + " -> "
                + fmt(process.noiseLevel(times[i + 1])) + ")";
        return watch.inModel
                ? "a non-finite sample: the model's x0_hat was NaN or infinite in " + where + ", from a finite"
                        + " state; the model (or its precision, e.g. float32 at this noise level) produced it, not"
                        + " solver '" + solverId + "'"
                : "a non-finite sample: solver '" + solverId + "' made the state NaN or infinite in " + where
                        + " while the model's x0_hat there was finite; the grid or precision may be unsuitable for"
                        + " this solver";
    }

    private static String fmt(double v) {
        return String.format("%.6g", v);
    }

    /** Records the first step whose x0_hat or state is not finite. */
    private static final class FirstNonFinite implements StepObserver {
        int step = -1;
        boolean inModel;
        private boolean finiteStart = true;

        @Override
        public void started(double t, NDArray x) {
            finiteStart = allFinite(x);
        }

        @Override
        public void stepped(int index, double t, NDArray x, NDArray x0) {
            if (step >= 0 || !finiteStart) {
                return;
            }
            if (x0 != null && !allFinite(x0)) {
                step = index;
                inModel = true;
            } else if (!allFinite(x)) {
                step = index;
                inModel = false;
            }
        }

        private static boolean allFinite(NDArray a) {
            for (double v : a.toType(DataType.FLOAT64, false).toDoubleArray()) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }
    }
}
