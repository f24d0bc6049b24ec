package org.difflab.core.run;

import ai.djl.engine.Engine;
import com.sun.jna.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the libraries print on their own: PyTorch's C++ warnings (deprecation notices such as "AutoNonVariableTypeMode
 * is deprecated", which DJL's copy into an existing tensor triggers, and CUDA notices), written by native code
 * straight to stderr where no Java stream can filter them, and the log lines of DJL and PF4J. The command line
 * shows them only with {@code --verbose}; otherwise errors alone get through.
 */
public final class EngineLogs {

    /** c10's log threshold (c10/util/Logging.cpp): 0 info, 1 warning (its default), 2 error. */
    private static final String NATIVE_LEVEL_FLAG = "FLAGS_caffe2_log_level";
    private static final int NATIVE_ERROR = 2;
    private static final List<String> LIBRARY_LOGGERS = List.of("ai.djl", "org.pf4j");

    private static volatile boolean verbose = true;

    private EngineLogs() {}

    /**
     * Chooses what the libraries may print: call first thing in {@code main}, before any logger exists. A level
     * set explicitly with {@code -Dorg.slf4j.simpleLogger.log.<name>=...} is kept.
     *
     * @param verbose show library warnings (true) or only errors (false)
     */
    public static void configure(boolean verbose) {
        EngineLogs.verbose = verbose;
        for (String logger : LIBRARY_LOGGERS) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, verbose ? "warn" : "error");
            }
        }
    }

    /**
     * Raises PyTorch's native log threshold to errors unless {@link #configure} asked for verbose output. Call
     * once the engine has loaded (its libraries are then in the process). Where that fails (another engine, a
     * libtorch without the flag), the warnings stay: they are noise, not errors.
     */
    static void quietNative(Engine engine) {
        if (verbose || !"PyTorch".equals(engine.getEngineName())) {
            return;
        }
        try {
            Path c10 = Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath(), System.mapLibraryName("c10"));
            if (Files.isRegularFile(c10)) {
                // already loaded by DJL, so this returns the same library and the flag PyTorch reads
                NativeLibrary.getInstance(c10.toString()).getGlobalVariableAddress(NATIVE_LEVEL_FLAG)
                        .setInt(0, NATIVE_ERROR);
            }
        } catch (RuntimeException | LinkageError e) {
            // keep the engine's own output
        }
    }
}
