package org.difflab.experiments.wrong;

import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.pf4j.Extension;

/**
 * A variance-preserving path with noise level t, alpha = 1/sqrt(1 + t^2), sigma = t/sqrt(1 + t^2), whose sigma' has a
 * plausible slip: (1 + t^2)^-1 instead of the correct (1 + t^2)^-3/2.
 */
@Extension
@Component(id = "wrong-sigma-dot", summary = "WRONG on purpose: sigma' = 1/(1 + t^2) instead of (1 + t^2)^-3/2")
public final class WrongSigmaDotProcess implements ForwardProcess {
    @Override public double alpha(double t) { return 1.0 / Math.sqrt(1.0 + t * t); }
    @Override public double sigma(double t) { return t / Math.sqrt(1.0 + t * t); }
    @Override public double alphaDot(double t) { return -t / Math.pow(1.0 + t * t, 1.5); }
    @Override public double sigmaDot(double t) { return 1.0 / (1.0 + t * t); }   // the mistake
    @Override public double tMax() { return 200.0; }
    @Override public double samplingStart() { return 80.0; }
    @Override public double samplingEnd() { return 0.002; }
    @Override public double noiseLevel(double t) { return t; }
    @Override public double timeAtNoiseLevel(double level) {
        if (!(level >= 0 && level <= 200)) {
            throw new IllegalArgumentException("noise level " + level + " outside [0, 200]");
        }
        return level;
    }
}
