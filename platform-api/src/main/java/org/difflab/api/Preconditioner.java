package org.difflab.api;

import java.util.OptionalDouble;
import org.difflab.api.math.PathPoint;

/**
 * Shapes a network's inputs: D(x; sigma) = c_skip x~ + c_out F(c_in x~; c_noise) (Karras et al. 2022,
 * eq. 7, Table 1). The output side, c_skip and c_out, is fixed by the {@link Parameterization} through
 * {@link org.difflab.api.math.Conversions#skipAndOutScale}; this interface gives the input side.
 *
 * <p>Coordinates: EDM writes c_in for the scaled-back sample x~ = x_t / alpha. To stay finite where
 * alpha = 0 (flow matching at t = 1), {@link #inputScale} multiplies x_t itself, i.e. it returns
 * EDM's c_in(sigma) / alpha.
 */
public interface Preconditioner extends Pluggable {

    /** Multiplier on x_t that gives the network input (EDM's c_in(sigma_edm) / alpha). */
    double inputScale(PathPoint p);

    /** The noise conditioning c_noise passed to the network (dimensionless). */
    double noiseInput(PathPoint p);

    /** The data standard deviation the input scaling assumes, if it assumes one (EDM's sigma_data). */
    default OptionalDouble sigmaData() {
        return OptionalDouble.empty();
    }
}
