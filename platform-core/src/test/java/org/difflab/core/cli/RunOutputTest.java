package org.difflab.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.difflab.core.sweep.Cli;
import org.difflab.core.sweep.SweepFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** difflab run says where each output file is (issue 16, item 5). */
class RunOutputTest {

    @TempDir
    Path root;

    @Test
    void everyFileOfTheRunIsListedWithItsPathAfterTheResultsLine() throws IOException {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        Path spec = root.resolve("single.yaml");
        String full = SweepFixtures.spec(0, 0);
        Files.writeString(spec, full.substring(0, full.indexOf("sweep:")));
        Cli.Result result = Cli.run(plugins, "run", spec.toString(), "--out", root.resolve("out").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();

        List<String> lines = result.out().lines().toList();
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("results: ")).findFirst().orElseThrow());
        Path run = Path.of(lines.get(at).substring("results: ".length()).replaceAll(" \\(.*", ""));
        List<String> listed = lines.subList(at + 1, lines.size());
        List<Path> files;
        try (Stream<Path> list = Files.list(run)) {
            files = list.sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("metrics.json", "run.json", "spec.yaml",
                "samples.npy");
        assertThat(listed).hasSize(files.size());
        for (int i = 0; i < files.size(); i++) {
            assertThat(listed.get(i)).startsWith("  " + files.get(i));
        }
        assertThat(listed).anySatisfy(l -> assertThat(l).startsWith("  " + run.resolve("samples.npy"))
                .endsWith("the samples (numpy.load)"));
    }
}
