package org.difflab.plugins.preconditioners;

import org.difflab.api.math.IddpmNoiseLevels;
import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * The iDDPM column of Karras et al. (2022), Table 1 (NVlabs/edm iDDPMPrecond):
 * <pre>  c_in(sigma) = 1/sqrt(sigma^2 + 1),   c_noise(sigma) = M - 1 - argmin_j |u_j - sigma|,</pre>
 * over the table u_0..u_M of {@link IddpmNoiseLevels} (j = M, u_M = 0, gives c_noise = -1, as in EDM). In x_t
 * coordinates {@link #inputScale} = c_in/alpha = 1/sqrt(sigma_t^2 + alpha^2), 1 on variance-preserving
 * processes. The network's supported range is [u_{M-1}, u_0] (about [0.0064, 20291] for the defaults).
 */
@Extension
@Component(id = "iddpm", summary = "EDM Table 1 iDDPM: c_in = 1/sqrt(sigma^2+1), c_noise = M-1-argmin_j |u_j - sigma|")
public final class IddpmPreconditioner implements Preconditioner {

    /** Options of {@link IddpmPreconditioner}. */
    public record Options(
            @Param(doc = "EDM's C_1: floor on abar_{j-1}/abar_j (timestep adjustment at low noise)",
                    defaultValue = "0.001", min = 0, max = 1, exclusiveMin = true) double c1,
            @Param(doc = "EDM's C_2: offset of the cosine abar (timestep adjustment at high noise)",
                    defaultValue = "0.008", min = 0) double c2,
            @Param(doc = "EDM's M: the number of discrete DDPM time steps", defaultValue = "1000", min = 1) int m) {}

    private final IddpmNoiseLevels levels;
    private final int m;

    /** iDDPM preconditioning for the given table. */
    public IddpmPreconditioner(Options options) {
        this.levels = new IddpmNoiseLevels(options.m(), options.c1(), options.c2());
        this.m = options.m();
    }

    @Override
    public double inputScale(PathPoint p) {
        return 1.0 / p.marginalStd(1.0);
    }

    @Override
    public double noiseInput(PathPoint p) {
        return m - 1 - levels.nearestIndex(p.noiseLevel());
    }
}
