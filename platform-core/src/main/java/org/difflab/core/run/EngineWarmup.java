package org.difflab.core.run;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starts the PyTorch engine on a background thread at launch, so its ~0.5 s native start overlaps plugin
 * loading and spec validation instead of adding to them; {@link #await()} hands it to the thread that uses it.
 *
 * <p>Autograd's grad mode is thread-local in libtorch, and on by default on every thread. DJL's PyTorch engine
 * relies on it being off except inside a {@code GradientCollector} (which switches it on and restores it), and
 * switches it off when the engine starts, but only on the thread that starts it ({@code PtEngine.newInstance}).
 * Any other thread keeps grad mode on: every forward pass outside a collector records an autograd graph, and an
 * in-place update of a parameter outside one (an optimizer step, a contract check's gradient step) fails with
 * "a leaf Variable that requires grad is being used in an in-place operation". {@link #await()} therefore puts
 * the calling thread in the state DJL's engine assumes, once per thread. Every thread that runs engine work
 * (CLI commands, sweep workers, the contract suite) takes the engine from {@link #await()}.
 */
public final class EngineWarmup {

    private static volatile CompletableFuture<Engine> pending;

    /** Threads already given DJL's initial autograd state (grad mode off). */
    private static final ThreadLocal<Boolean> PREPARED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private EngineWarmup() {}

    /** Begins starting the engine, if not already begun. */
    public static synchronized void start() {
        if (pending == null) {
            ClassLoader loader = EngineWarmup.class.getClassLoader();
            pending = CompletableFuture.supplyAsync(() -> {
                // DJL finds engines through the context class loader
                Thread.currentThread().setContextClassLoader(loader);
                Engine engine = Engine.getInstance();
                EngineLogs.quietNative(engine);
                return engine;
            });
        }
    }

    /**
     * The started engine (starting it now if {@link #start()} was not called), with the calling thread's grad mode
     * switched off the first time this thread asks, as the engine's own start does for the thread that starts it.
     * Call it before engine work, never inside a {@code GradientCollector}.
     */
    public static Engine await() {
        start();
        Engine engine;
        try {
            engine = pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the engine", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the PyTorch engine failed to start (run offline with"
                    + " -Dai.djl.offline=true and the CPU native jar on the class path): " + e.getCause(), e.getCause());
        }
        if (!PREPARED.get()) {
            if ("PyTorch".equals(engine.getEngineName())) {
                JniUtils.setGradMode(false);
            }
            PREPARED.set(Boolean.TRUE);
        }
        return engine;
    }
}
