package org.difflab.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.difflab.core.cli.Difflab;
import org.difflab.core.fixtures.PluginJars;
import org.difflab.core.fixtures.TestComponents;
import org.difflab.core.sweep.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars with a manifest or index problem are reported in one clear line each, never an object dump. */
class PluginManifestTest {

    @TempDir
    Path plugins;

    @Test
    void aJarWithoutAnExtensionIndexIsWarnedAbout() {
        PluginJars.write(plugins, "unindexed.jar", "unindexed", ">=0.1.0", List.of(TestComponents.Moons.class), false);

        Cli.Result result = Cli.run(plugins, "plugins");

        assertThat(result.out() + result.err()).contains("unindexed (unindexed.jar): contributes no component: the jar"
                + " has no META-INF/extensions.idx");
    }

    @Test
    void aDuplicatePluginIdNamesBothJars() {
        PluginJars.write(plugins, "first.jar", "twin", ">=0.1.0", List.of(TestComponents.Moons.class), true);
        PluginJars.write(plugins, "second.jar", "twin", ">=0.1.0", List.of(TestComponents.Mixture.class), true);

        Cli.Result result = Cli.run(plugins, "plugins");

        String all = result.out() + result.err();
        assertThat(all).contains("plugin id 'twin' is declared by both first.jar and second.jar")
                .doesNotContain("PluginWrapper").doesNotContain("@");
    }

    @Test
    void aBadPluginRequiresIsNamedWithItsValue() {
        PluginJars.write(plugins, "bad-requires.jar", "bad-requires", ">=banana", List.of(TestComponents.Moons.class),
                true);

        Cli.Result result = Cli.run(plugins, "plugins");

        assertThat(result.out() + result.err()).contains("bad-requires.jar").contains("Plugin-Requires '>=banana'")
                .doesNotContain("NullPointerException");
    }
}
