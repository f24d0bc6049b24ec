package org.difflab.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CauchyLossTest {

    @Test
    void rhoIsCSquaredLogOfOnePlusEOverCSquared() {
        CauchyLoss loss = new CauchyLoss(4);
        assertThat(loss.rho(0)).isZero();
        assertThat(loss.rho(4)).isEqualTo(4 * Math.log(2));
        assertThat(loss.rho(25)).isEqualTo(4 * Math.log(7.25));
        // near zero rho(e) = e - e^2/(2 c^2) + ...: least squares for the bulk
        assertThat(loss.rho(1e-6)).isCloseTo(1e-6 - 1e-12 / 8, within(1e-19));
    }

    @Test
    void eachDrawsBlockIsScaledSoThatItsSumOfSquaresIsRho() {
        CauchyLoss loss = new CauchyLoss(4);
        // draw 0 exact, draw 1 off by (3, 4): e = 25, factor sqrt(4 ln 7.25 / 25)
        double[] r = {0, 0, 3, 4};
        double[] scaled = loss.rescaled(r, 2);
        double factor = Math.sqrt(4 * Math.log(7.25) / 25);
        assertThat(scaled).containsExactly(0, 0, 3 * factor, 4 * factor);
        assertThat(scaled[2] * scaled[2] + scaled[3] * scaled[3]).isCloseTo(4 * Math.log(7.25), within(1e-14));
        assertThat(r).containsExactly(0, 0, 3, 4);   // the input is left as it was
        assertThat(loss.rescaled(null, 2)).isNull();   // a failed solve stays failed
        // a very large c^2 leaves the residuals as they are (to round-off): the plain sum of squares
        assertThat(new CauchyLoss(1e12).rescaled(r, 2)).containsExactly(new double[] {0, 0, 3, 4}, within(1e-9));
    }

    @Test
    void theScaleIsKTimesTheMedianDrawsSquaredError() {
        // three draws of two coordinates: e = 1, 4, 9 (median 4); with K = 25, c^2 = 100
        double[] r = {1, 0, 0, 2, 3, 0};
        assertThat(CauchyLoss.scaledToMedian(25, r, 3).scaleSquared()).isEqualTo(100);
        // four draws: the mean of the middle two, (4 + 9) / 2
        assertThat(CauchyLoss.scaledToMedian(2, new double[] {1, 2, 3, 4}, 4).scaleSquared()).isEqualTo(13);
    }

    @Test
    void aScaleThatIsNotPositiveOrResidualsInUnequalBlocksAreRefused() {
        assertThatThrownBy(() -> new CauchyLoss(0)).hasMessage("the Cauchy loss needs a positive finite c^2, got 0.0");
        assertThatThrownBy(() -> new CauchyLoss(Double.NaN)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> CauchyLoss.scaledToMedian(25, new double[4], 4))   // every draw exact: c^2 = 0
                .hasMessageContaining("positive finite c^2, got 0.0");
        assertThatThrownBy(() -> new CauchyLoss(1).rescaled(new double[5], 2))
                .hasMessage("5 residuals are not 2 equal blocks");
    }
}
