package org.difflab.core.sweep;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.difflab.core.run.OpenMpWaiting;

/**
 * The command line of a worker JVM: this JVM's java binary, class path and options (minus debugger and
 * agent options, which cannot be shared, and a class-data archive being written), the plugin directories this
 * process loaded, and the hidden {@code sweep-worker} command.
 *
 * <p>PyTorch's thread pools are sized so the workers together use the machine's cores once
 * ({@code ai.djl.pytorch.num_threads} = cores / workers, at least 1; one inter-op thread) unless those
 * properties were set explicitly.
 */
public final class WorkerCommandLine {

    /** Main class of the CLI. */
    public static final String MAIN = "org.difflab.core.cli.Difflab";
    /** Name of the hidden worker command. */
    public static final String COMMAND = "sweep-worker";

    private WorkerCommandLine() {}

    /**
     * @param pluginDirectories the directories the parent loaded plugins from
     * @param workers how many workers will run at once
     * @param workerArguments arguments after {@code sweep-worker}
     */
    public static List<String> of(List<Path> pluginDirectories, int workers, List<String> workerArguments) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        boolean threadsSet = false;
        boolean interopSet = false;
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-agentlib") || argument.startsWith("-agentpath") || argument.startsWith("-javaagent")
                    || argument.startsWith("-Xdebug") || argument.startsWith("-Xrunjdwp")
                    || argument.startsWith("-Ddifflab.plugin.dirs=")
                    || argument.startsWith("-XX:ArchiveClassesAtExit")) {
                continue;
            }
            threadsSet |= argument.startsWith("-Dai.djl.pytorch.num_threads=");
            interopSet |= argument.startsWith("-Dai.djl.pytorch.num_interop_threads=");
            command.add(argument);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (!threadsSet && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            command.add("-Dai.djl.pytorch.num_threads=" + Math.max(1, cores / Math.max(1, workers)));
        }
        if (!interopSet && System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            command.add("-Dai.djl.pytorch.num_interop_threads=1");
        }
        for (String property : List.of("ai.djl.offline", "java.awt.headless")) {
            if (System.getProperty(property) != null && command.stream().noneMatch(a -> a.startsWith("-D" + property + "="))) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add("-Ddifflab.plugin.dirs=" + String.join(File.pathSeparator,
                pluginDirectories.stream().map(Path::toString).toList()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.add(COMMAND);
        command.addAll(workerArguments);
        return command;
    }

    /**
     * Environment a worker needs besides its parent's: how libgomp's threads wait at barriers ({@link
     * OpenMpWaiting}; read once, when libgomp loads, so it cannot be set from inside the JVM). An explicit setting
     * in the parent's environment is kept.
     */
    public static Map<String, String> environment() {
        return OpenMpWaiting.environment();
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
