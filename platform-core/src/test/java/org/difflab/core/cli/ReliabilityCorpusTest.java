package org.difflab.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.core.fixtures.HostileComponents;
import org.difflab.core.fixtures.PluginJars;
import org.difflab.core.sweep.Cli;
import org.difflab.core.sweep.SweepFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reliability corpus (RELIABILITY.md): every file under {@code src/test/resources/reliability/<class>/} is one bad
 * input with its expected outcome in its leading comment lines:
 * <pre>
 * # args: run {case} --out {out}      (the default; {case} is the file, {out} a fresh results root, {tmp} a temp dir)
 * # exit: 2
 * # expect: sampling.schedule.steps   (a fragment of what difflab prints; repeatable)
 * </pre>
 * Each case runs the CLI in this JVM with the test plugins (the platform fixtures and the hostile solvers). A case that
 * does not exit 0 must also leave no run and no empty directory in its results root.
 */
class ReliabilityCorpusTest {

    @TempDir
    static Path shared;

    static Path plugins;

    @BeforeAll
    static void writePlugins() throws IOException {
        plugins = Files.createDirectories(shared.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        PluginJars.write(plugins, "hostile.jar", "hostile", ">=0.1.0", HostileComponents.ALL, true);
    }

    /** Every case file, as "class/name.ext". */
    static Stream<String> cases() throws IOException, URISyntaxException {
        Path root = corpus();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadInputGetsItsExpectedOutcome(String name, @TempDir Path temp) throws Exception {
        Path file = corpus().resolve(name);
        List<String> header = header(file);
        Path out = temp.resolve("results");
        String args = value(header, "args").orElse("run {case} --out {out}");
        List<String> argv = new ArrayList<>();
        for (String word : args.split(" ")) {
            argv.add(word.replace("{case}", file.toString()).replace("{out}", out.toString())
                    .replace("{tmp}", temp.toString()).replace("{empty}", ""));
        }
        int exit = Integer.parseInt(value(header, "exit").orElseThrow(() -> new AssertionError(name + ": no # exit:")));
        List<String> expected = header.stream().filter(l -> l.startsWith("expect:"))
                .map(l -> l.substring("expect:".length()).strip()).toList();
        assertThat(expected).as(name + " states what it expects").isNotEmpty();

        Cli.Result result = Cli.run(plugins, argv.toArray(String[]::new));

        String printed = result.out() + result.err();
        assertThat(result.exitCode()).as(name + " exit code; printed:\n" + printed).isEqualTo(exit);
        for (String fragment : expected) {
            assertThat(printed).as(name).contains(fragment);
        }
        assertThat(printed).as(name + ": no raw stack trace").doesNotContain("\tat ");
        if (exit != 0 && Files.isDirectory(out)) {
            try (Stream<Path> walk = Files.walk(out)) {
                List<Path> left = walk.filter(p -> !p.equals(out)).filter(p -> !isHidden(out, p))
                        .filter(p -> p.getFileName().toString().equals("run.json") || isEmptyDirectory(p)).toList();
                assertThat(left).as(name + ": a failed case leaves no run and no empty directory").isEmpty();
            }
        }
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmptyDirectory(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(p)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The leading '# key: value' lines, without '# '. Read as bytes: some cases are not UTF-8 on purpose. */
    private static List<String> header(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                break;
            }
            lines.add(line.substring(1).strip());
        }
        return lines;
    }

    private static java.util.Optional<String> value(List<String> header, String key) {
        return header.stream().filter(l -> l.startsWith(key + ":")).map(l -> l.substring(key.length() + 1).strip())
                .findFirst();
    }

    private static Path corpus() throws URISyntaxException {
        return Path.of(ReliabilityCorpusTest.class.getResource("/reliability").toURI());
    }
}
