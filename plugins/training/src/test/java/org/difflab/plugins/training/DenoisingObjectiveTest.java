package org.difflab.plugins.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.difflab.api.ComponentChoice;
import org.difflab.api.DataSource;
import org.difflab.api.ForwardProcess;
import org.difflab.api.LossWeighting;
import org.difflab.api.Model;
import org.difflab.api.NoiseDistribution;
import org.difflab.api.Parameterization;
import org.difflab.api.Pluggable;
import org.difflab.api.Preconditioner;
import org.difflab.api.math.LinearTarget;
import org.difflab.api.math.PathPoint;
import org.difflab.api.math.Rng;
import org.difflab.api.model.Condition;
import org.difflab.api.model.LoadedModel;
import org.difflab.api.model.Network;
import org.difflab.api.training.TrainingBatch;
import org.difflab.api.training.TrainingContext;
import org.junit.jupiter.api.Test;

/** The denoising objective is EDM's loss, computed here independently, and drops labels at the stated rate. */
class DenoisingObjectiveTest {

    /** A network that outputs zero and remembers the conditions it was given. */
    private static final class ZeroNetwork implements Network {
        final List<Condition> seen = new ArrayList<>();

        public NDArray forward(NDArray input, NDArray noiseInput, Condition condition, boolean training) {
            seen.add(condition);
            return input.zerosLike();
        }

        public Map<String, NDArray> parameters() {
            return Map.of();
        }

        public int classes() {
            return 3;
        }

        public NDManager manager() {
            throw new UnsupportedOperationException();
        }
    }

    private record Context(Network network, ForwardProcess process, Parameterization parameterization)
            implements TrainingContext {
        public Network extraNetwork(String name) {
            throw new UnsupportedOperationException();
        }

        public LoadedModel load(ComponentChoice<? extends Model> model) {
            throw new UnsupportedOperationException();
        }

        public DataSource data() {
            throw new UnsupportedOperationException();
        }

        public Preconditioner preconditioner() {
            return new Preconditioner() {
                public double inputScale(PathPoint p) {
                    return 1;
                }

                public double noiseInput(PathPoint p) {
                    return p.t();
                }
            };
        }

        public int totalSteps() {
            return 1;
        }

        public int batchSize() {
            return 8;
        }
    }

    private static <T extends Pluggable> ComponentChoice<T> choice(T component) {
        return new ComponentChoice<>() {
            public String id() {
                return component.toString();
            }

            public T create() {
                return component;
            }
        };
    }

    @Test
    void theLossIsTheWeightedMeanSquaredTargetErrorOfEdm() {
        ForwardProcess process = TestProcesses.vp();
        Parameterization v = p -> new LinearTarget(-p.sigma(), p.alpha());
        NoiseDistribution uniform = new UniformTimeNoise(new UniformTimeNoise.Options(null, null));
        LossWeighting snr = new SnrWeighting();
        DenoisingObjective objective = new DenoisingObjective(new DenoisingObjective.Options(choice(uniform),
                choice(snr), 0.0));
        int n = 8;
        int dims = 3;
        double[] x0 = new Rng(1).gaussians(n * dims);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = manager.create(toFloat(x0), new Shape(n, dims));
            float loss = objective.start(new Context(new ZeroNetwork(), process, v))
                    .loss(new TrainingBatch(1, batch, Condition.NONE, new Rng(42), manager)).getFloat();
            // the same draws, in double: times from the step's stream, noise from its split 2
            Rng rng = new Rng(42);
            double[] eps = new Rng(42).split(2).gaussians(n * dims);
            double expected = 0;
            for (int i = 0; i < n; i++) {
                PathPoint p = PathPoint.of(process, uniform.sampleTime(rng, process));
                LinearTarget target = v.target(p);
                double squared = 0;
                for (int j = 0; j < dims; j++) {
                    double f = target.a() * (float) x0[i * dims + j] + target.b() * (float) eps[i * dims + j];
                    squared += f * f;
                }
                expected += snr.weight(p, target) * squared / dims;
            }
            expected /= n;
            assertThat((double) loss).isCloseTo(expected, within(1e-5 * Math.abs(expected)));
        }
    }

    @Test
    void labelsAreDroppedWithProbabilityPUncond() {
        double pUncond = 0.3;
        DenoisingObjective objective = new DenoisingObjective(new DenoisingObjective.Options(
                choice(new UniformTimeNoise(new UniformTimeNoise.Options(null, null))), choice(new UniformWeighting()),
                pUncond));
        ZeroNetwork network = new ZeroNetwork();
        int n = 4000;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.start(new Context(network, TestProcesses.vp(), p -> LinearTarget.EPS)).loss(new TrainingBatch(1,
                    manager.zeros(new Shape(n, 2), DataType.FLOAT32), Condition.labels(labels), new Rng(7), manager));
        }
        int[] given = ((Condition.ClassLabels) network.seen.get(0)).labels();
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            if (given[i] == Condition.NO_LABEL) {
                dropped++;
            } else {
                assertThat(given[i]).isEqualTo(labels[i]);
            }
        }
        double standardError = Math.sqrt(pUncond * (1 - pUncond) / n);
        assertThat((double) dropped / n).isCloseTo(pUncond, within(4 * standardError));
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
