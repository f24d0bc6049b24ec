package org.difflab.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.difflab.api.ForwardProcess;
import org.difflab.api.Parameterization;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Preconditioning;

/**
 * A network's denoiser, EDM's D(x) = skip x + out F(in x; noise) (eq. 7) at the process's time t, with the
 * coefficients of {@link Preconditioning}. The network runs in float32; x0_hat is returned in x's type.
 */
public final class NetworkDenoiser implements ConditionalDenoiser {

    private final Network network;
    private final ForwardProcess process;
    private final Parameterization parameterization;
    private final Preconditioner preconditioner;

    /** The denoiser of {@code network} trained on {@code process} with these target and input scalings. */
    public NetworkDenoiser(Network network, ForwardProcess process, Parameterization parameterization,
            Preconditioner preconditioner) {
        this.network = network;
        this.process = process;
        this.parameterization = parameterization;
        this.preconditioner = preconditioner;
    }

    @Override
    public NDArray denoise(NDArray x, double t, Condition condition) {
        Preconditioning c = Preconditioning.at(PathPoint.of(process, t), parameterization, preconditioner);
        NDArray input = x.mul(c.in()).toType(DataType.FLOAT32, false);
        NDArray noise = x.getManager().full(new Shape(x.getShape().get(0)), (float) c.noise());
        NDArray output = network.forward(input, noise, condition, false).toType(x.getDataType(), false);
        return c.denoised(x, output);
    }
}
