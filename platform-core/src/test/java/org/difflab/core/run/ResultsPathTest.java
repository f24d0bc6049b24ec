package org.difflab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.difflab.core.cli.Difflab;
import org.difflab.core.cli.PluginFaultTestSpecs;
import org.difflab.core.sweep.Cli;
import org.difflab.core.sweep.SweepFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results land under --out or nowhere; report names the file it cannot read. */
class ResultsPathTest {

    @TempDir
    Path temp;

    @Test
    void aSymbolicLinkLeadingOutOfTheResultsRootIsRefused() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        SweepFixtures.writePluginJar(plugins);
        Path spec = Files.writeString(temp.resolve("spec.yaml"), PluginFaultTestSpecs.spec("test-euler"));
        Path out = Files.createDirectories(temp.resolve("results"));
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("hostile"), elsewhere);

        Cli.Result result = Cli.run(plugins, "run", spec.toString(), "--out", out.toString());

        assertThat(result.exitCode()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).contains("leads out of the results directory").contains("symbolic link");
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void reportOverAnUnreadableManifestNamesTheFile() throws IOException {
        Path sweep = Files.createDirectories(temp.resolve("results/exp/sweeps/abc123"));
        Files.writeString(sweep.resolve("manifest.json"), "{\"trials\": [");

        Cli.Result result = Cli.run(temp.resolve("results"), "report", temp.resolve("results").toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(Difflab.BAD_INPUT);
        assertThat(result.err()).contains(sweep.resolve("manifest.json") + ":1: not valid JSON").doesNotContain("\tat ")
                .doesNotContain("REDACTED");
    }
}
