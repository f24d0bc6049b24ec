package org.difflab.plugins.processes;

import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Param;
import org.pf4j.Extension;

/**
 * EDM's process: s(t) = 1, sigma(t) = t, so x_t = x0 + t eps and time is the noise level
 * (Karras et al. 2022, Table 1 "Ours"). sigma_min and sigma_max bound the default sampling grid.
 */
@Extension
@Component(id = "edm", summary = "EDM process x_t = x0 + t eps (time = noise level, Karras et al. 2022)")
public final class EdmProcess implements ForwardProcess {

    /** Options of {@link EdmProcess}. */
    public record Options(
            @Param(doc = "smallest noise level of the default sampling grid", defaultValue = "0.002",
                    min = 0, exclusiveMin = true) double sigmaMin,
            @Param(doc = "largest noise level, where sampling starts", defaultValue = "80",
                    min = 0, exclusiveMin = true) double sigmaMax) {
        public Options {
            if (!(sigmaMin < sigmaMax)) {
                throw new InvalidOptionException("sigma_min", "sigma_min (" + sigmaMin
                        + ") must be below sigma_max (" + sigmaMax + ")");
            }
        }
    }

    private final Options options;

    /** An EDM process with the given sampling range. */
    public EdmProcess(Options options) {
        this.options = options;
    }

    @Override public double alpha(double t) { return 1.0; }
    @Override public double sigma(double t) { return t; }
    @Override public double alphaDot(double t) { return 0.0; }
    @Override public double sigmaDot(double t) { return 1.0; }
    @Override public double tMax() { return Double.POSITIVE_INFINITY; }
    @Override public double samplingStart() { return options.sigmaMax(); }
    @Override public double samplingEnd() { return options.sigmaMin(); }
    @Override public double noiseLevel(double t) { return t; }

    @Override
    public double timeAtNoiseLevel(double level) {
        return checkedInverse(level, level);
    }
}
