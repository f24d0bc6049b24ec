package org.difflab.plugins.preconditioners;

import static org.assertj.core.api.Assertions.assertThat;

import org.difflab.api.Component;
import org.difflab.api.math.PathPoint;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.junit.jupiter.api.Test;

class IdentityPreconditionerTest {

    @Test
    void passesXtAndTimeThroughUnchanged() {
        IdentityPreconditioner none = new IdentityPreconditioner();
        for (double t : new double[] {0.0, 0.3, 1.0}) {
            PathPoint p = PathPoint.of(ReferenceProcesses.FLOW_LIKE, t);
            assertThat(none.inputScale(p)).isEqualTo(1.0);
            assertThat(none.noiseInput(p)).isEqualTo(t);
        }
        assertThat(none.sigmaData()).isEmpty();
        assertThat(IdentityPreconditioner.class.getAnnotation(Component.class).id()).isEqualTo("none");
    }
}
