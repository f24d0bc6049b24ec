package org.difflab.plugins.processes;

/**
 * flow_matching's scheduler formulas in its own time t_FM (t_FM = 0 noise, 1 data), transcribed from
 * anchors.md section 5.1 (flow_matching/path/scheduler/scheduler.py): (alpha_t, sigma_t, d_alpha_t, d_sigma_t)
 * and snr_inverse(rho) with rho = alpha_t/sigma_t. The test oracle for this module's paths.
 */
interface FlowMatchingScheduler {

    double[] at(double tFm);

    double snrInverse(double rho);

    /** CondOTScheduler: alpha = t, sigma = 1 - t; snr_inverse = kappa_inverse(rho/(1+rho)) = rho/(1+rho). */
    FlowMatchingScheduler COND_OT = new FlowMatchingScheduler() {
        @Override public double[] at(double t) { return new double[] {t, 1 - t, 1, -1}; }
        @Override public double snrInverse(double rho) { return rho / (1 + rho); }
    };

    /** PolynomialConvexScheduler(n): alpha = t^n, sigma = 1 - t^n; kappa_inverse(k) = k^(1/n). */
    static FlowMatchingScheduler polynomial(double n) {
        return new FlowMatchingScheduler() {
            @Override public double[] at(double t) {
                double tn = Math.pow(t, n);
                return new double[] {tn, 1 - tn, n * Math.pow(t, n - 1), -n * Math.pow(t, n - 1)};
            }
            @Override public double snrInverse(double rho) { return Math.pow(rho / (1 + rho), 1 / n); }
        };
    }

    /** LinearVPScheduler: alpha = t, sigma = sqrt(1 - t^2); snr_inverse = sqrt(rho^2/(1 + rho^2)). */
    FlowMatchingScheduler LINEAR_VP = new FlowMatchingScheduler() {
        @Override public double[] at(double t) {
            return new double[] {t, Math.sqrt(1 - t * t), 1, -t / Math.sqrt(1 - t * t)};
        }
        @Override public double snrInverse(double rho) { return Math.sqrt(rho * rho / (1 + rho * rho)); }
    };

    /** CosineScheduler: alpha = sin(pi t/2), sigma = cos(pi t/2); snr_inverse = 2 atan(rho)/pi. */
    FlowMatchingScheduler COSINE = new FlowMatchingScheduler() {
        @Override public double[] at(double t) {
            return new double[] {Math.sin(Math.PI * t / 2), Math.cos(Math.PI * t / 2),
                Math.PI / 2 * Math.cos(Math.PI * t / 2), -Math.PI / 2 * Math.sin(Math.PI * t / 2)};
        }
        @Override public double snrInverse(double rho) { return 2 * Math.atan(rho) / Math.PI; }
    };
}
