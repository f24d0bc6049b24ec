package org.difflab.core.plugin;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which plugin each loaded plugin class came from, so that a failure thrown from plugin code (an exception or an
 * {@code Error} such as {@code ExceptionInInitializerError} or {@code StackOverflowError}) can say which plugin and
 * which class it came from.
 */
public final class PluginCode {

    private static final Map<String, String> ORIGINS = new ConcurrentHashMap<>();

    private PluginCode() {}

    static void record(String className, String pluginId, String jarName) {
        ORIGINS.put(className, "plugin " + pluginId + " (" + jarName + ")");
    }

    /** "plugin id (file.jar)" for a class a plugin defined. */
    public static Optional<String> originOf(String className) {
        return Optional.ofNullable(ORIGINS.get(className));
    }

    /**
     * Where in plugin code {@code failure} (or one of its causes) was thrown: "plugin id (file.jar), at
     * pkg.Class.method(File.java:12)", from the innermost cause's first plugin frame; empty if no plugin frame is on
     * any of its stacks.
     */
    public static Optional<String> whereThrown(Throwable failure) {
        String found = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String origin = ORIGINS.get(frame.getClassName());
                if (origin != null) {
                    found = origin + ", at " + frame;
                    break;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** One line for a failure: its type and message, and its causes' (ExceptionInInitializerError has no message). */
    public static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null && out.length() < 400; t = t.getCause() == t ? null : t.getCause()) {
            if (out.length() > 0) {
                out.append(", caused by ");
            }
            String message = t.getMessage();
            boolean named = t instanceof Error || message == null || message.isBlank();
            out.append(named ? t.getClass().getSimpleName() : "").append(named && message != null && !message.isBlank()
                    ? ": " : "").append(message == null || message.isBlank() ? "" : message.strip());
        }
        return out.toString().replaceAll("\\s+", " ");
    }
}
