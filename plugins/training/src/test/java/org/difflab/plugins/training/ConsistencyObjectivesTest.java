package org.difflab.plugins.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Set;
import org.difflab.api.Capability;
import org.difflab.api.ComponentChoice;
import org.difflab.api.InvalidOptionException;
import org.difflab.api.Solver;
import org.difflab.api.TrainingObjective;
import org.difflab.api.sampling.ButcherTableau;
import org.difflab.api.sampling.RungeKutta;
import org.difflab.api.sampling.Stepper;
import org.difflab.tck.fixtures.ReferenceModel;
import org.difflab.tck.fixtures.ReferenceProcesses;
import org.difflab.tck.fixtures.ReferenceTrainingContext;
import org.difflab.tck.junit.TrainingObjectiveContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Consistency distillation and training: the objective contract, and the paper's choices value for value. */
class ConsistencyObjectivesTest {

    /** Heun's method (EDM Algorithm 1) written from its tableau: this module does not depend on the solvers plugin. */
    static final Solver HEUN = new Solver() {
        final RungeKutta method = new RungeKutta(new ButcherTableau("heun", 2, new double[] {0, 1},
                new double[][] {{}, {1}}, new double[] {0.5, 0.5}), RungeKutta.FinalStep.EULER);

        @Override public int order() { return 2; }
        @Override public Stepper start(org.difflab.api.sampling.Integration run) { return method; }
        @Override public String toString() { return "heun"; }
    };

    static <T extends org.difflab.api.Pluggable> ComponentChoice<T> choice(String id, T component) {
        return new ComponentChoice<>() {
            @Override public String id() { return id; }
            @Override public T create() { return component; }
        };
    }

    static ConsistencyDistillation distillation(double emaDecay) {
        return new ConsistencyDistillation(new ConsistencyDistillation.Options(ReferenceModel.choice(),
                choice("heun", HEUN), 18, 0.002, 80, 7, emaDecay, ConsistencyDistance.L2,
                ConsistencyWeighting.UNIFORM));
    }

    static ConsistencyTraining improvedTraining() {
        return new ConsistencyTraining(new ConsistencyTraining.Options(10, 1280, -1.1, 2.0, 0.002, 80, 7, 0,
                ConsistencyDistance.PSEUDO_HUBER, ConsistencyWeighting.RECIPROCAL));
    }

    @Nested
    class DistillationContract implements TrainingObjectiveContract {
        @Override
        public TrainingObjective createObjective() {
            return distillation(0.95);
        }
    }

    @Nested
    class TrainingContract implements TrainingObjectiveContract {
        @Override
        public TrainingObjective createObjective() {
            return improvedTraining();
        }
    }

    @Test
    void theCurriculumDoublesFromS0ToS1() {
        // Song & Dhariwal (2023, eq. 6): K' = floor(K / (log2 floor(1280/10) + 1)) = floor(8000 / 8) = 1000
        ConsistencyTraining ct = improvedTraining();
        assertThat(ct.levelCount(0, 8000)).isEqualTo(11);
        assertThat(ct.levelCount(999, 8000)).isEqualTo(11);
        assertThat(ct.levelCount(1000, 8000)).isEqualTo(21);
        assertThat(ct.levelCount(6999, 8000)).isEqualTo(641);
        assertThat(ct.levelCount(7000, 8000)).isEqualTo(1281);
        assertThat(ct.levelCount(7999, 8000)).isEqualTo(1281);
    }

    @Test
    void theIndexDistributionIsTheLogNormalMassBetweenNeighbouringLevels() {
        ConsistencyTraining ct = improvedTraining();
        double[] levels = ConsistencyFunction.levels(11, 0.002, 80, 7);
        double[] cdf = ct.indexCdf(levels);
        // p(i) from the paper's erf form, with erf from Phi: erf(x) = 2 Phi(x sqrt 2) - 1
        double[] p = new double[10];
        double total = 0;
        for (int i = 0; i < 10; i++) {
            p[i] = erf((Math.log(levels[i + 1]) + 1.1) / (Math.sqrt(2) * 2.0))
                    - erf((Math.log(levels[i]) + 1.1) / (Math.sqrt(2) * 2.0));
            total += p[i];
        }
        double running = 0;
        for (int i = 0; i < 10; i++) {
            running += p[i] / total;
            assertThat(cdf[i]).as("cdf %d", i).isCloseTo(running, within(1e-12));
        }
    }

    private static double erf(double x) {
        return 2 * StandardNormal.cdf(x * Math.sqrt(2)) - 1;
    }

    @Test
    void bothObjectivesRefuseAnEmptyNoiseRangeAndAnEmaDecayOfOneNamingTheKey() {
        assertThatThrownBy(() -> new ConsistencyDistillation.Options(ReferenceModel.choice(), choice("heun", HEUN), 18,
                80, 80, 7, 0.95, ConsistencyDistance.L2, ConsistencyWeighting.UNIFORM))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("sigma_min"))
                .hasMessageContaining("must be below sigma_max (80.0)");
        assertThatThrownBy(() -> new ConsistencyTraining.Options(10, 1280, -1.1, 2.0, 0.002, 80, 7, 1,
                ConsistencyDistance.PSEUDO_HUBER, ConsistencyWeighting.RECIPROCAL))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.key()).isEqualTo("ema_decay"))
                .hasMessageContaining("[0, 1), got 1.0");
    }

    @Test
    void theDiscretisationIsKarrasAscending() {
        double[] levels = ConsistencyFunction.levels(18, 0.002, 80, 7);
        assertThat(levels[0]).isEqualTo(0.002);
        assertThat(levels[17]).isEqualTo(80.0);
        double step = (Math.pow(80, 1 / 7.0) - Math.pow(0.002, 1 / 7.0)) / 17;
        assertThat(levels[5]).isCloseTo(Math.pow(Math.pow(0.002, 1 / 7.0) + 5 * step, 7), within(1e-12));
    }

    @Test
    void pseudoHuberIsSongAndDhariwalsWithCScaledBySqrtD() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {3, 4, 0, 0}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = manager.zeros(new ai.djl.ndarray.types.Shape(2, 2));
            double c = 0.00054 * Math.sqrt(2);
            float[] huber = ConsistencyDistance.PSEUDO_HUBER.between(a, b).toFloatArray();
            assertThat((double) huber[0]).isCloseTo(Math.sqrt(25 + c * c) - c, within(1e-5));
            assertThat(huber[1]).isZero();
            assertThat(ConsistencyDistance.L2.between(a, b).toFloatArray()).containsExactly(25f, 0f);
        }
    }

    @Test
    void aStochasticTeacherSolverIsRefused() {
        Solver noisy = new Solver() {
            @Override public int order() { return 1; }
            @Override public Set<Capability> capabilities() { return Set.of(Capability.STOCHASTIC); }
            @Override public Stepper start(org.difflab.api.sampling.Integration run) { return (s, x) -> x; }
        };
        ConsistencyDistillation cd = new ConsistencyDistillation(new ConsistencyDistillation.Options(
                ReferenceModel.choice(), choice("ddpm-ancestral", noisy), 18, 0.002, 80, 7, 0.95,
                ConsistencyDistance.L2, ConsistencyWeighting.UNIFORM));
        try (ReferenceTrainingContext context = ReferenceTrainingContext.unlabelled(ReferenceProcesses.EDM_LIKE)) {
            assertThatThrownBy(() -> cd.start(context)).isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("ddpm-ancestral").hasMessageContaining("deterministic");
        }
    }

    /** VE-like: alpha = 1, sigma = t on [0.01, 50] (Song et al.'s geometric VE range). */
    static final org.difflab.api.ForwardProcess VE_LIKE = new org.difflab.api.ForwardProcess() {
        @Override public double alpha(double t) { return 1.0; }
        @Override public double sigma(double t) { return t; }
        @Override public double alphaDot(double t) { return 0.0; }
        @Override public double sigmaDot(double t) { return 1.0; }
        @Override public double tMin() { return 0.01; }
        @Override public double tMax() { return 50.0; }
        @Override public double samplingStart() { return 50.0; }
        @Override public double samplingEnd() { return 0.01; }
    };

    @Test
    void theDiscretisationIsHeldToTheProcesssNoiseLevels() {
        try (ReferenceTrainingContext ve = new ReferenceTrainingContext(new org.difflab.tck.fixtures.ReferenceData(),
                VE_LIKE); ReferenceTrainingContext edm = ReferenceTrainingContext.unlabelled(ReferenceProcesses.EDM_LIKE)) {
            assertThat(new ConsistencyFunction(ve).levelsOnProcess(18, 0.002, 80, 7))
                    .containsExactly(ConsistencyFunction.levels(18, 0.01, 50, 7));
            assertThat(new ConsistencyFunction(edm).levelsOnProcess(18, 0.002, 80, 7))
                    .containsExactly(ConsistencyFunction.levels(18, 0.002, 80, 7));
            // CD's lowest pair ends at the process's own end there; the loss is still computed
            try (NDManager manager = ve.network().manager().newSubManager()) {
                float loss = distillation(0.95).start(ve).loss(ve.batch(1, manager)).getFloat();
                assertThat(Double.isFinite(loss)).as("loss %s", loss).isTrue();
            }
        }
    }
}
