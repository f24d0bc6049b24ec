package org.difflab.plugins.parameterizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.difflab.api.InvalidOptionException;
import org.difflab.api.Parameterization;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Preconditioning;
import org.difflab.tck.fixtures.ReferenceScaling;
import org.difflab.tck.junit.ParameterizationContract;
import org.junit.jupiter.api.Test;

/** Song et al.'s (2023) consistency scalings: the contract (boundary condition) and the paper's values. */
class ConsistencyEdmParameterizationTest implements ParameterizationContract {

    private static final ConsistencyEdmParameterization PAPER =
            new ConsistencyEdmParameterization(new ConsistencyEdmParameterization.Options(0.5, 0.002));

    @Override
    public Parameterization createParameterization() {
        return new ConsistencyEdmParameterization(new ConsistencyEdmParameterization.Options(1.43, 0.002));
    }

    @Test
    void scalingsAreThePapersAtHandPickedLevels() {
        // sigma = 0.502: c_skip = 0.25/(0.25 + 0.25) = 1/2; c_out = 0.5 * 0.5 / sqrt(0.25 + 0.252004)
        assertThat(PAPER.cSkip(0.502)).isCloseTo(0.5, within(1e-15));
        assertThat(PAPER.cOut(0.502)).isCloseTo(0.25 / Math.sqrt(0.25 + 0.502 * 0.502), within(1e-15));
        // sigma = 80: c_skip = 0.25/(79.998^2 + 0.25), c_out -> sigma_data (79.998 * 0.5/sqrt(6400.25))
        assertThat(PAPER.cSkip(80)).isCloseTo(0.25 / (79.998 * 79.998 + 0.25), within(1e-18));
        assertThat(PAPER.cOut(80)).isCloseTo(79.998 * 0.5 / Math.sqrt(6400.25), within(1e-14));
    }

    @Test
    void thePlatformsPreconditioningUsesTheScalingsAndTheRunsInputScaling() {
        PathPoint p = new PathPoint(3.0, 1.0, 3.0, 0.0, 1.0);
        Preconditioning c = Preconditioning.at(p, PAPER, ReferenceScaling.PRECONDITIONER);
        assertThat(c.cSkip()).isCloseTo(PAPER.cSkip(3.0), within(1e-15));
        assertThat(c.cOut()).isCloseTo(PAPER.cOut(3.0), within(1e-15));
        assertThat(c.in()).isEqualTo(ReferenceScaling.PRECONDITIONER.inputScale(p));
        assertThat(c.noise()).isEqualTo(ReferenceScaling.PRECONDITIONER.noiseInput(p));
    }

    @Test
    void theNetworkHasNoTargetAtTheBoundary() {
        assertThatThrownBy(() -> PAPER.target(new PathPoint(0.002, 1.0, 0.002, 0.0, 1.0)))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("sigma_min = 0.002");
    }

    @Test
    void aNonPositiveSigmaMinIsRefused() {
        assertThatThrownBy(() -> new ConsistencyEdmParameterization.Options(0.5, 0.0))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("sigma_min");
    }
}
