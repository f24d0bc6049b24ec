package org.difflab.plugins.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Step;
import org.difflab.api.sampling.Stepper;
import org.pf4j.Extension;

/**
 * UniPC (Zhao et al. 2023, "UniPC: a unified predictor-corrector framework for fast sampling of diffusion
 * models"; wl-zhao/UniPC multistep_uni_pc_bh_update, diffusers' UniPCMultistepScheduler) with data prediction, for
 * any affine path, in lambda = log(alpha/sigma). From t_i to t (h = lambda_t - lambda_i) with the current denoiser
 * output m_i, earlier ones m_{i-k} at r_k = (lambda_{i-k} - lambda_i)/h and D_k = (m_{i-k} - m_i)/r_k:
 * <pre>
 *   UniP-p (eq. 8):  x_t = (sigma_t/sigma_i) x_i + alpha_t (1 - e^{-h}) m_i - alpha_t B(h) sum_{k&lt;p} a_k D_k
 *   UniC-p (eq. 9):  x_t^c = (sigma_t/sigma_i) x_i + alpha_t (1 - e^{-h}) m_i
 *                            - alpha_t B(h) (sum_{k&lt;p} a^c_k D_k + a^c_p (m_t - m_i)),   m_t = D(x_t, t)
 * </pre>
 * The weights solve R a = phi/B(h) (Algorithm 2's order conditions, with R_{jk} = r_k^{j-1} and
 * phi_j = j! h phi_{j+1}(-h)-type coefficients: g_1 = (1 - e^{-h})/h - 1, g_{j+1} = g_j/(-h) - 1/(j+1)!,
 * right-hand side g_j j!/B(h)); UniP-2 and UniC-1 use the closed form a = 1/2 as the reference does.
 * B(h) = -h (bh1) or e^{-h} - 1 (bh2) (section 3.3, in data prediction, where the reference's h is -h). The
 * corrector reuses m_t, which is the next step's denoiser
 * output anyway: it costs no evaluation. So each step first corrects the state it is given (the previous step's
 * prediction, with the fresh m_t), then predicts the next; the grid's last step is not corrected (the
 * reference's "do not run corrector at the last step"), and the states reported between steps are the
 * predictions. Warm-up: step i uses order min(p, i + 1); with lower_order_final (the reference's default) the
 * last steps drop to min(p, N - i) as well. A final step to sigma = 0 returns alpha x0_hat (h = inf). NFE = N.
 * Needs a finite noise level at the start.
 *
 * <p>Order: UniP-p is of order p; UniC-p raises it to p + 1 (Theorem 3.1). Measured on the 2-D mixture (VP-like,
 * rho = 7 grid, lower_order_final off): slopes per halving 1.90, 1.96 (p = 1), 3.00, 3.01 (p = 2), 3.76, 3.90,
 * 3.95 (p = 3, N = 256 to 2048). With lower_order_final the last step is first order, with local error
 * O(h^2): asymptotically that limits the global order to 2, but its constant is small (the defaults measure
 * 3.16 over N = 64-256 in the contract suite's solver.order); at the step counts it is meant for (10-25) it is
 * the reference's and diffusers' default.
 */
@Extension
@Component(id = "unipc", summary = "UniPC (UniP predictor + UniC corrector, bh1/bh2), data prediction; NFE = N")
public final class UniPcSolver implements Solver {

    /** The B(h) of UniPC's order conditions. */
    public enum Variant {
        /** B(h) = h, i.e. -h in data prediction (the reference's default; the paper's choice without guidance). */
        BH1,
        /** B(h) = e^h - 1, i.e. e^{-h} - 1 in data prediction (diffusers' default; the paper's with guidance). */
        BH2
    }

    /** Options of {@link UniPcSolver}. */
    public record Options(
            @Param(doc = "B(h) of the order conditions: bh1 (B = h) or bh2 (B = e^h - 1)", defaultValue = "bh2")
            Variant variant,
            @Param(doc = "order p of the UniP predictor (and of the UniC corrector)", defaultValue = "2", min = 1,
                    max = 3) int order,
            @Param(doc = "apply the UniC corrector (free: it reuses the next step's evaluation)",
                    defaultValue = "true") boolean corrector,
            @Param(doc = "lower the order on the last steps to min(order, steps left), as the reference and"
                    + " diffusers do", defaultValue = "true") boolean lowerOrderFinal) {}

    private final Options options;

    /** UniPC with the given options. */
    public UniPcSolver(Options options) {
        this.options = options;
    }

    /** p with the corrector off, p + 1 with it (UniC, Theorem 3.1; measured in ConvergenceOrderTest). */
    @Override
    public int order() {
        return options.corrector() ? options.order() + 1 : options.order();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.MULTISTEP);
    }

    @Override
    public Stepper start(Integration run) {
        run.requireFiniteStart("unipc");
        return new Stepper() {
            /** Earlier denoiser outputs, newest first, at their lambdas. */
            private final History denoised = new History(Math.max(options.order() - 1, 1));
            /** The correction owed to the state this stepper returned last (null: none). */
            private Correction pending;
            private NDArray returned;

            @Override
            public NDArray step(Step step, NDArray x) {
                double t = step.t();
                NDArray m = step.keep(step.x0(x, t));
                if (pending != null && x == returned) {
                    x = pending.apply(m, denoised.value(0)); // UniC: m is also this step's model output
                }
                closePending();
                NDArray next = predict(step, x, m);
                denoised.push(m, step.process().halfLogSnr(t));
                returned = next;
                return next;
            }

            /** UniP from x at t to tNext; records the UniC correction for the next step. */
            private NDArray predict(Step step, NDArray x, NDArray m) {
                ForwardProcess process = step.process();
                double t = step.t();
                double tNext = step.tNext();
                double alphaNext = process.alpha(tNext);
                if (step.toData()) {
                    return m.mul(alphaNext); // h = inf: the exponential integrator's limit alpha x0_hat
                }
                int stepsLeft = step.run().steps() - step.index();
                int order = Math.min(options.order(), denoised.size() + 1);
                if (options.lowerOrderFinal()) {
                    order = Math.min(order, stepsLeft);
                }
                double lambda = process.halfLogSnr(t);
                double h = process.halfLogSnr(tNext) - lambda;
                double bh = options.variant() == Variant.BH1 ? -h : Math.expm1(-h);
                double[] r = new double[order];
                NDArray[] differences = new NDArray[order - 1];
                for (int k = 0; k < order - 1; k++) {
                    r[k] = (denoised.at(k) - lambda) / h;
                    differences[k] = denoised.value(k).sub(m).div(r[k]);
                }
                r[order - 1] = 1.0;
                double[] rhs = orderConditions(h, bh, order);
                NDArray base = x.mul(process.sigma(tNext) / process.sigma(t)).sub(m.mul(alphaNext * Math.expm1(-h)));
                NDArray prediction = base;
                if (order >= 2) {
                    double[] a = order == 2 ? new double[] {0.5} : solve(powers(r, order - 1), rhs);
                    prediction = base.sub(combination(differences, a, order - 1).mul(alphaNext * bh));
                }
                if (options.corrector() && !step.isFinal()) {
                    double[] c = order == 1 ? new double[] {0.5} : solve(powers(r, order), rhs);
                    NDArray partial = order == 1 ? null : step.keep(combination(differences, c, order - 1));
                    // the loop owns the returned prediction: keep a copy of base when they are the same array
                    NDArray kept = step.keep(prediction == base ? base.duplicate() : base);
                    pending = new Correction(kept, partial, c[order - 1], alphaNext * bh);
                }
                return prediction;
            }

            private void closePending() {
                if (pending != null) {
                    pending.close();
                    pending = null;
                }
            }

            @Override
            public void close() {
                closePending();
                denoised.close();
            }
        };
    }

    /**
     * UniC's update, once m_t is known: x^c = base - alpha_t B(h) (partial + weight (m_t - m_i)), with base the
     * predictor's first-order part and partial = sum_k a^c_k D_k.
     */
    private record Correction(NDArray base, NDArray partial, double weight, double alphaB) implements AutoCloseable {

        NDArray apply(NDArray mNext, NDArray m) {
            NDArray sum = mNext.sub(m).mul(weight);
            if (partial != null) {
                sum = sum.add(partial);
            }
            return base.sub(sum.mul(alphaB));
        }

        @Override
        public void close() {
            base.close();
            if (partial != null) {
                partial.close();
            }
        }
    }

    /**
     * The right-hand sides j! g_j / B(h), j = 1..order, of UniPC's order conditions (the reference's b), with
     * g_1 = (e^{-h} - 1)/(-h) - 1 and g_{j+1} = g_j/(-h) - 1/(j+1)!.
     */
    static double[] orderConditions(double h, double bh, int order) {
        double hh = -h;
        double g = Math.expm1(hh) / hh - 1.0;
        double factorial = 1.0;
        double[] rhs = new double[order];
        for (int j = 1; j <= order; j++) {
            rhs[j - 1] = g * factorial / bh;
            factorial *= j + 1;
            g = g / hh - 1.0 / factorial;
        }
        return rhs;
    }

    /** R_{jk} = r_k^j, j, k &lt; n. */
    private static double[][] powers(double[] r, int n) {
        double[][] matrix = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                matrix[j][k] = Math.pow(r[k], j);
            }
        }
        return matrix;
    }

    /** Solves the first n equations matrix a = rhs (n = matrix.length &le; 3) by Gaussian elimination with pivoting. */
    static double[] solve(double[][] matrix, double[] rhs) {
        int n = matrix.length;
        double[][] m = new double[n][];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = matrix[i].clone();
            b[i] = rhs[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swapRow = m[col];
            m[col] = m[pivot];
            m[pivot] = swapRow;
            double swap = b[col];
            b[col] = b[pivot];
            b[pivot] = swap;
            for (int row = col + 1; row < n; row++) {
                double f = m[row][col] / m[col][col];
                for (int k = col; k < n; k++) {
                    m[row][k] -= f * m[col][k];
                }
                b[row] -= f * b[col];
            }
        }
        double[] a = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = b[row];
            for (int k = row + 1; k < n; k++) {
                sum -= m[row][k] * a[k];
            }
            a[row] = sum / m[row][row];
        }
        return a;
    }

    private static NDArray combination(NDArray[] values, double[] weights, int n) {
        NDArray sum = values[0].mul(weights[0]);
        for (int k = 1; k < n; k++) {
            sum = sum.add(values[k].mul(weights[k]));
        }
        return sum;
    }
}
