package org.difflab.core.run;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starts the PyTorch engine on a background thread, so its ~0.5 s native start overlaps plugin loading and spec
 * validation instead of adding to them. Only commands that compute start it ({@code run}, {@code sweep},
 * {@code verify}, {@code bench}); the process waits for a started engine before it exits, since exiting while
 * the native library is loading can crash the JVM.
 */
public final class EngineWarmup {

    private static volatile CompletableFuture<Engine> pending;
    private static final ThreadLocal<Boolean> PREPARED = ThreadLocal.withInitial(() -> false);

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

    /** Whether {@link #start()} was called in this process. */
    public static boolean started() {
        return pending != null;
    }

    /** Waits for a started engine to finish starting, ignoring whether it succeeded (before the process exits). */
    public static void finish() {
        CompletableFuture<Engine> started = pending;
        if (started != null) {
            try {
                started.join();
            } catch (RuntimeException e) {
                // a failed start was or will be reported by whoever needed the engine
            }
        }
    }

    /**
     * The started engine (starting it now if {@link #start()} was not called). The first call on a thread also
     * turns autograd off for that thread, as DJL does for the thread that starts the engine: PyTorch's grad mode is
     * per thread, and a thread left with it on fails in-place updates of parameters outside a gradient collector
     * ("a leaf Variable that requires grad is being used in an in-place operation").
     */
    public static Engine await() {
        start();
        long waiting = System.nanoTime();
        try {
            Engine engine = pending.get();
            if (!PREPARED.get()) {
                if ("PyTorch".equals(engine.getEngineName())) {
                    JniUtils.setGradMode(false);
                }
                PREPARED.set(true);
            }
            return engine;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the engine", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the PyTorch engine failed to start (run offline with"
                    + " -Dai.djl.offline=true and the CPU native jar on the class path): " + e.getCause(), e.getCause());
        } finally {
            ProcessTimeline.since("engine_wait", waiting);
        }
    }
}
