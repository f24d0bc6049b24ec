package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A standalone example plugin project of the checkout ({@code examples/<name>}, not part of this build), copied
 * elsewhere and built by its own pom, offline, against the platform-api and platform-tck this build installed in its
 * local Maven repository: the plugin author's path.
 */
final class ExampleProject {

    private ExampleProject() {}

    /**
     * Copies {@code examples/<name>} (without its target/) to {@code work/<name>} and runs {@code mvn package} there,
     * which compiles the plugin and runs its tests (the contract mix-ins); fails the caller with the build's output
     * if the build fails.
     *
     * @return the copied project directory
     */
    static Path build(String name, Path work) throws Exception {
        Path source = Path.of(System.getProperty("difflab.root")).resolve("examples").resolve(name).normalize();
        Path project = work.resolve(name);
        copy(source, project);
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-o", "-f",
                project.resolve("pom.xml").toString(), "package"));
        String repository = System.getProperty("difflab.maven.repo");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        Path log = work.resolve(name + "-build.log");
        Process build = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = build.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        assertThat(finished).as("%s build finished within 10 minutes\n%s", name, output).isTrue();
        assertThat(build.exitValue()).as("`%s` failed:\n%s", String.join(" ", command), output).isZero();
        return project;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
