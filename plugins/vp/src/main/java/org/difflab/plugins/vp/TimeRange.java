package org.difflab.plugins.vp;

/** Checks that a time computed by a closed-form inverse lies in a process's time range. */
final class TimeRange {

    /** Relative slack for round-off in a closed-form inverse evaluated at an end of the range. */
    private static final double ROUND_OFF = 1e-12;

    private TimeRange() {}

    /**
     * Returns {@code t}, snapped to an end of [tMin, tMax] if it misses it by round-off only.
     *
     * @throws IllegalArgumentException if the noise level {@code level} is not reached inside [tMin, tMax]
     */
    static double require(double t, double level, double tMin, double tMax, double levelMin, double levelMax) {
        double slack = ROUND_OFF * Math.max(1.0, Math.max(Math.abs(tMin), Math.abs(tMax)));
        if (!(level >= 0) || Double.isNaN(t) || t < tMin - slack) {
            throw new IllegalArgumentException("noise level " + level + " is below this process's minimum "
                    + levelMin + " (at t=" + tMin + ")");
        }
        if (t > tMax + slack) {
            throw new IllegalArgumentException("noise level " + level + " is above this process's maximum "
                    + levelMax + " (at t=" + tMax + ")");
        }
        return Math.min(tMax, Math.max(tMin, t));
    }
}
