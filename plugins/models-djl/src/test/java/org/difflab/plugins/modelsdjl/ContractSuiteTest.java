package org.difflab.plugins.modelsdjl;

import org.difflab.api.ModelArchitecture;
import org.difflab.tck.junit.ModelArchitectureContract;
import org.junit.jupiter.api.Nested;

/** The platform's contract suite for both architectures, with their default options. */
class ContractSuiteTest {

    @Nested
    class Mlp implements ModelArchitectureContract {
        @Override
        public ModelArchitecture createArchitecture() {
            return new MlpArchitecture(new MlpArchitecture.Options(256, 4, NoiseEmbeddingType.SINUSOIDAL, 64, null,
                    null, Nonlinearity.SILU));
        }
    }

    @Nested
    class UNet implements ModelArchitectureContract {
        @Override
        public ModelArchitecture createArchitecture() {
            return new UNetArchitecture(new UNetArchitecture.Options(32, new int[] {1, 2}, 1, 8, false, 0.0, 1.0,
                    Nonlinearity.SILU));
        }
    }
}
