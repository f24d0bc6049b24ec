package org.difflab.plugins.presets;

import org.difflab.plugins.parameterizations.EdmParameterization;
import org.difflab.plugins.preconditioners.EdmPreconditioner;
import org.difflab.plugins.processes.EdmProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.difflab.api.math.Conversions;
import org.difflab.api.math.PathPoint;
import org.junit.jupiter.api.Test;

/**
 * EDM Table 1, column "Ours" (Karras et al. 2022), recomputed here from the paper's formulas: sigma(t) = t,
 * s(t) = 1, c_skip = sigma_d^2/(sigma^2 + sigma_d^2), c_out = sigma sigma_d/sqrt(sigma_d^2 + sigma^2),
 * c_in = 1/sqrt(sigma^2 + sigma_d^2), c_noise = ln(sigma)/4.
 */
class EdmTableOneEdmTest {

    private static final double SIGMA_DATA = 0.5;
    private final EdmProcess process = new EdmProcess(new EdmProcess.Options(0.002, 80));
    private final EdmParameterization parameterization = new EdmParameterization(
            new EdmParameterization.Options(SIGMA_DATA));
    private final EdmPreconditioner preconditioner = new EdmPreconditioner(new EdmPreconditioner.Options(SIGMA_DATA));

    @Test
    void processIsSigmaOfTEqualsTWithUnitScaling() {
        for (double t : new double[] {0.002, 0.3, 1, 17, 80}) {
            assertThat(process.alpha(t)).isEqualTo(1.0);
            assertThat(process.sigma(t)).isEqualTo(t);
            assertThat(process.noiseLevel(t)).isEqualTo(t);
            assertThat(process.timeAtNoiseLevel(t)).isEqualTo(t);
        }
    }

    @Test
    void skipOutInAndNoiseScalingsAreTableOnes() {
        for (double sigma : new double[] {0.002, 0.05, 0.5, 2.5, 80}) {
            PathPoint p = PathPoint.of(process, sigma);
            double[] skipOut = Conversions.skipAndOutScale(p, parameterization.target(p));
            double d2 = SIGMA_DATA * SIGMA_DATA;
            // relative tolerance: each side is a handful of roundings of O(1) quantities
            assertThat(skipOut[0]).isCloseTo(d2 / (sigma * sigma + d2), offset(1e-14));
            assertThat(skipOut[1]).isCloseTo(sigma * SIGMA_DATA / Math.sqrt(d2 + sigma * sigma),
                    offset(1e-14 * Math.max(1, sigma)));
            assertThat(preconditioner.inputScale(p) * p.alpha()).isCloseTo(1 / Math.sqrt(sigma * sigma + d2),
                    offset(1e-15));
            assertThat(preconditioner.noiseInput(p)).isCloseTo(Math.log(sigma) / 4, offset(1e-15));
        }
    }

    /**
     * The same network on a VP path (alpha = 1/sqrt(1 + sigma^2)) keeps EDM's c_skip and c_out in the scaled-back
     * coordinates: Table 1's formulas depend on the noise level only (EDM eq. 7 with x/s).
     */
    @Test
    void scalingsDependOnTheNoiseLevelOnlyWhateverThePath() {
        for (double sigma : new double[] {0.01, 1, 50}) {
            double alpha = 1 / Math.sqrt(1 + sigma * sigma);
            PathPoint vp = new PathPoint(sigma, alpha, sigma * alpha, 0, 0);
            PathPoint edm = PathPoint.of(process, sigma);
            double[] onVp = Conversions.skipAndOutScale(vp, parameterization.target(vp));
            double[] onEdm = Conversions.skipAndOutScale(edm, parameterization.target(edm));
            assertThat(onVp[0]).isCloseTo(onEdm[0], offset(1e-13));
            assertThat(onVp[1]).isCloseTo(onEdm[1], offset(1e-13 * Math.max(1, sigma)));
            assertThat(preconditioner.inputScale(vp) * vp.alpha())
                    .isCloseTo(preconditioner.inputScale(edm), offset(1e-14));
        }
    }

    /** With sigma_data the data's std, c_in x has unit variance for x = x0 + sigma eps (EDM section 5). */
    @Test
    void networkInputHasUnitVariance() {
        for (double sigma : new double[] {0.002, 1, 80}) {
            double c = preconditioner.inputScale(PathPoint.of(process, sigma));
            assertThat(c * c * (SIGMA_DATA * SIGMA_DATA + sigma * sigma)).isCloseTo(1.0, offset(1e-14));
        }
    }
}
