package org.difflab.experiments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.difflab.core.cli.Difflab;

/** Runs the difflab CLI, in-process or in a JVM of its own, and captures what it prints. */
final class Cli {

    /** Exit code and output of one invocation. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Cli() {}

    /** {@code difflab args...}, with System.out and System.err captured. */
    static synchronized Result run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            code = Difflab.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        originalOut.println(result.out());   // keep the report in the test log
        return result;
    }

    /**
     * {@code difflab args...} as a user runs it: a new JVM entering at {@code Difflab.main} (which starts the engine
     * in the background, as bin/difflab does), on this test's class path with the bundled plugins of
     * {@code difflab.plugin.dirs}, offline and with one PyTorch thread. Killed after {@code timeoutSeconds}.
     */
    static Result launch(long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Djava.awt.headless=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Ddifflab.plugin.dirs=" + System.getProperty("difflab.plugin.dirs"),
                "-cp", System.getProperty("java.class.path"), Difflab.class.getName()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("difflab-cli", ".out");
            Path err = Files.createTempFile("difflab-cli", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("difflab " + String.join(" ", args) + " did not finish in "
                            + timeoutSeconds + " s; its output:\n" + Files.readString(out) + Files.readString(err));
                }
                Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
                System.out.println(result.out());
                return result;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
