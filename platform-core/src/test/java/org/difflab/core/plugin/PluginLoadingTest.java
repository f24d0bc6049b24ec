package org.difflab.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.fixtures.NotAComponent;
import org.difflab.core.fixtures.TestComponents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken or incompatible plugin jar is reported with its reason and skipped; the others load. */
class PluginLoadingTest {

    @TempDir
    Path plugins;

    @Test
    void brokenJarsAreReportedAndTheGoodOnesStillLoad() throws IOException {
        writePlugin("good.jar", "good", ">=0.1.0 & <1.0.0", TestComponents.Moons.class);
        writePlugin("same-id.jar", "same-id", ">=0.1.0", TestComponents.Moons.class);
        writePlugin("future.jar", "future", ">=9.0.0", TestComponents.EulerSolver.class);
        writePlugin("unannotated.jar", "unannotated", ">=0.1.0", NotAComponent.class);
        writePlugin("missing-class.jar", "missing-class", ">=0.1.0", null);
        writeJar("not-a-plugin.jar", new Manifest(), List.of());
        Files.write(plugins.resolve("corrupt.jar"), new byte[] {1, 2, 3, 4, 5});

        try (PlatformPluginManager manager = new PlatformPluginManager("0.1.0", List.of(plugins))) {
            manager.loadAndStart();
            ComponentRegistry registry = ComponentRegistry.of(manager, "0.1.0");

            // two plugins declare data 'moons': neither replaces the other; only the qualified ids name one
            assertThat(registry.find(ExtensionKind.DATA, "moons")).isEmpty();
            assertThat(registry.candidates(ExtensionKind.DATA, "moons")).extracting(c -> c.origin().pluginId())
                    .containsExactly("good", "same-id");
            assertThat(registry.find(ExtensionKind.DATA, "good:moons")).get()
                    .satisfies(c -> assertThat(c.origin().jar()).isEqualTo(plugins.resolve("good.jar")));
            assertThat(registry.find(ExtensionKind.DATA, "same-id:moons")).get()
                    .satisfies(c -> assertThat(c.origin().jar()).isEqualTo(plugins.resolve("same-id.jar")));
            assertThat(registry.names(ExtensionKind.DATA)).containsExactly("good:moons", "same-id:moons");
            assertThat(registry.clashes()).singleElement().satisfies(clash -> assertThat(clash.describe())
                    .isEqualTo("data source 'moons' is provided by 2 plugins: good (good.jar), same-id (same-id.jar)"));
            assertThat(registry.find(ExtensionKind.SOLVER, "euler")).isEmpty();
            List<String> reasons = registry.failures().stream().map(PluginFailure::describe).toList();
            assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("future (future.jar): disabled: requires"
                    + " platform >=9.0.0, this platform is 0.1.0"));
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("(not-a-plugin.jar)")
                    .containsIgnoringCase("id"));
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("(corrupt.jar)"));
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("unannotated")
                    .contains("has no @Component(id, summary); skipped"));
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("missing-class")
                    .contains("org.example.Missing cannot be loaded"));
            assertThat(reasons).noneSatisfy(r -> assertThat(r).contains("moons"));
        }
    }

    @Test
    void plainFilesAndDirectoriesInThePluginFolderAreIgnored() throws IOException {
        Files.createDirectories(plugins.resolve("some-module/src"));
        Files.writeString(plugins.resolve("README.txt"), "not a jar");
        try (PlatformPluginManager manager = new PlatformPluginManager("0.1.0", List.of(plugins))) {
            manager.loadAndStart();
            assertThat(manager.failures()).isEmpty();
            assertThat(manager.started()).isEmpty();
        }
    }

    private void writePlugin(String name, String id, String requires, Class<?> component) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Plugin-Id", id);
        attributes.putValue("Plugin-Version", "0.1.0");
        attributes.putValue("Plugin-Requires", requires);
        String index = component == null ? "org.example.Missing\n" : component.getName() + "\n";
        writeJar(name, manifest, component == null ? List.of() : List.of(component),
                "META-INF/extensions.idx", index);
    }

    private void writeJar(String name, Manifest manifest, List<Class<?>> classes, String... extraEntries)
            throws IOException {
        try (OutputStream file = Files.newOutputStream(plugins.resolve(name));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            for (Class<?> type : classes) {
                String resource = type.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(resource));
                try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
                    in.transferTo(jar);
                }
            }
            for (int i = 0; i + 1 < extraEntries.length; i += 2) {
                jar.putNextEntry(new JarEntry(extraEntries[i]));
                jar.write(extraEntries[i + 1].getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
