package org.difflab.plugins.training;

import org.difflab.api.LossWeighting;
import org.difflab.api.NoiseDistribution;
import org.difflab.tck.junit.LossWeightingContract;
import org.difflab.tck.junit.NoiseDistributionContract;
import org.junit.jupiter.api.Nested;

/** The platform's contract suite for every component of this plugin, with default options. */
class ContractSuiteTest {

    @Nested
    class Uniform implements LossWeightingContract {
        @Override
        public LossWeighting createLossWeighting() {
            return new UniformWeighting();
        }
    }

    @Nested
    class Snr implements LossWeightingContract {
        @Override
        public LossWeighting createLossWeighting() {
            return new SnrWeighting();
        }
    }

    @Nested
    class MinSnrGamma implements LossWeightingContract {
        @Override
        public LossWeighting createLossWeighting() {
            return new MinSnrGammaWeighting(new MinSnrGammaWeighting.Options(5.0));
        }
    }

    @Nested
    class Edm implements LossWeightingContract {
        @Override
        public LossWeighting createLossWeighting() {
            return new EdmWeighting(new EdmWeighting.Options(0.5));
        }
    }

    @Nested
    class Likelihood implements LossWeightingContract {
        @Override
        public LossWeighting createLossWeighting() {
            return new LikelihoodWeighting();
        }
    }

    @Nested
    class LogNormal implements NoiseDistributionContract {
        @Override
        public NoiseDistribution createNoiseDistribution() {
            return new LogNormalNoise(new LogNormalNoise.Options(-1.2, 1.2));
        }
    }

    @Nested
    class UniformTime implements NoiseDistributionContract {
        @Override
        public NoiseDistribution createNoiseDistribution() {
            return new UniformTimeNoise(new UniformTimeNoise.Options(null, null));
        }
    }

    @Nested
    class LogUniform implements NoiseDistributionContract {
        @Override
        public NoiseDistribution createNoiseDistribution() {
            // The flow-like process's noise level is infinite where sampling starts: give sigma_max.
            return new LogUniformNoise(new LogUniformNoise.Options(null, 50.0));
        }
    }

    @Nested
    class Discrete implements NoiseDistributionContract {
        @Override
        public NoiseDistribution createNoiseDistribution() {
            return new DiscreteNoise(new DiscreteNoise.Options(1000));
        }
    }

    @Nested
    class LogitNormal implements NoiseDistributionContract {
        @Override
        public NoiseDistribution createNoiseDistribution() {
            return new LogitNormalNoise(new LogitNormalNoise.Options(0.0, 1.0));
        }
    }
}
