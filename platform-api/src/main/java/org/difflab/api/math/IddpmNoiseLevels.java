package org.difflab.api.math;

/**
 * The noise levels u_0 &gt; u_1 &gt; ... &gt; u_M = 0 of an iDDPM network (Karras et al. 2022, Table 1, iDDPM
 * column; NVlabs/edm iDDPMPrecond):
 * <pre>  u_M = 0,   u_{j-1} = sqrt((u_j^2 + 1) / max(abar_{j-1}/abar_j, C1) - 1),
 *   abar_j = sin^2((pi/2) j / (M (C2 + 1))).</pre>
 * Index j corresponds to the network's discrete time n = M - 1 - j: u_j is the noise level of DDPM index n under
 * Nichol &amp; Dhariwal's cosine betas with their 0.999 clip (C1 = 1 - 0.999), i.e. of the `vp-discrete` process
 * with betas cosine at t = (n + 1)/M. EDM evaluates this table in float32; here it is float64, which moves the
 * entries by about 1e-7 relative.
 */
public final class IddpmNoiseLevels {

    private final double[] u;

    /** The table for M steps with EDM's constants C1, C2. */
    public IddpmNoiseLevels(int m, double c1, double c2) {
        u = new double[m + 1];
        for (int j = m; j > 0; j--) {
            double ratio = Math.max(alphaBar(j - 1, m, c2) / alphaBar(j, m, c2), c1);
            u[j - 1] = Math.sqrt((u[j] * u[j] + 1.0) / ratio - 1.0);
        }
    }

    private static double alphaBar(int j, int m, double c2) {
        double s = Math.sin(0.5 * Math.PI * j / m / (c2 + 1.0));
        return s * s;
    }

    /** u_j. */
    public double level(int j) {
        return u[j];
    }

    /** M + 1, the number of entries including u_M = 0. */
    public int size() {
        return u.length;
    }

    /** argmin_j |u_j - sigma| over j = 0..M, the first index on a tie (EDM's round_sigma). */
    public int nearestIndex(double sigma) {
        int best = 0;
        double bestDistance = Math.abs(u[0] - sigma);
        for (int j = 1; j < u.length; j++) {
            double distance = Math.abs(u[j] - sigma);
            if (distance < bestDistance) {
                best = j;
                bestDistance = distance;
            }
        }
        return best;
    }
}
