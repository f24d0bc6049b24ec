package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The engine is started on one thread and used on others (the CLI starts it in the background at launch). libtorch's
 * grad mode is per thread and on by default, while DJL's engine switches it off only on the thread that starts it;
 * {@link EngineWarmup#await()} must give every thread that takes the engine DJL's state, or in-place updates of
 * parameters fail there (issue 9, item 3: {@code model.training-step} failing under {@code difflab verify}).
 */
class EngineWarmupTest {

    /** Runs {@code work} on a new thread, which has libtorch's per-thread defaults, and rethrows what it throws. */
    private static void onFreshThread(Runnable work) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "engine-user");
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Test
    void aThreadTakingTheEngineCanUpdateParametersInPlaceOutsideAGradientCollector() throws Throwable {
        EngineWarmup.start();   // the engine starts on the warm-up thread, as at launch
        onFreshThread(() -> {
            Engine engine = EngineWarmup.await();
            assertThat(JniUtils.isGradMode()).as("grad mode outside a collector").isFalse();
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray weight = manager.create(new float[] {1f, 2f, 3f});
                weight.setRequiresGradient(true);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    assertThat(JniUtils.isGradMode()).as("grad mode inside a collector").isTrue();
                    collector.backward(weight.mul(weight).sum());
                }
                assertThat(JniUtils.isGradMode()).as("grad mode after the collector").isFalse();
                // a gradient-descent step, as the contract suite's model.training-step and optimizers take it
                weight.subi(weight.getGradient().mul(0.25f));
                assertThat(weight.toFloatArray()).containsExactly(0.5f, 1f, 1.5f);
            }
        });
    }
}
