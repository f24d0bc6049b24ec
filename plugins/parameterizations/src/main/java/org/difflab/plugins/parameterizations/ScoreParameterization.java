package org.difflab.plugins.parameterizations;

import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.Parameterization;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.pf4j.Extension;

/**
 * The network predicts the score grad log p_t(x) = E[-eps / sigma | x_t]: target (0, -1/sigma) (Song et al.
 * 2021). With {@code scale_by_sigma} the raw output is sigma times the score, target (0, -1): score_sde's
 * NCSN++ {@code scale_by_sigma}, which divides the network output by sigma to get the score. On alpha = 1
 * that scaled target has c_skip = 1, c_out = sigma, EDM's VE column (Karras et al. 2022, Table 1).
 */
@Extension
@Component(id = "score", summary = "score prediction: target -eps/sigma, or -eps with scale_by_sigma")
public final class ScoreParameterization implements Parameterization {

    /** Options of {@link ScoreParameterization}. */
    public record Options(
            @Param(doc = "predict sigma * score = -eps (score_sde's scale_by_sigma; better conditioned at "
                    + "small sigma) instead of the score itself", defaultValue = "false") boolean scaleBySigma) {}

    /** sigma * (0, -1/sigma): the scaled score, written exactly rather than as a rounded product. */
    private static final LinearTarget SCALED_SCORE = new LinearTarget(0.0, -1.0);

    private final boolean scaleBySigma;

    /** A score parameterization, scaled by sigma if asked. */
    public ScoreParameterization(Options options) {
        this.scaleBySigma = options.scaleBySigma();
    }

    @Override
    public LinearTarget target(PathPoint p) {
        return scaleBySigma ? SCALED_SCORE : LinearTarget.score(p);
    }
}
