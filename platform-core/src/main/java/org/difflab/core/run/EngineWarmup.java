package org.difflab.core.run;

import ai.djl.engine.Engine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starts the PyTorch engine on a background thread at launch, so its ~0.5 s native start overlaps plugin
 * loading and spec validation instead of adding to them.
 */
public final class EngineWarmup {

    private static volatile CompletableFuture<Engine> pending;

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

    /** The started engine (starting it now if {@link #start()} was not called). */
    public static Engine await() {
        start();
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the engine", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the PyTorch engine failed to start (run offline with"
                    + " -Dai.djl.offline=true and the CPU native jar on the class path): " + e.getCause(), e.getCause());
        }
    }
}
