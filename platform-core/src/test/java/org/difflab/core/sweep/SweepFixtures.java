package org.difflab.core.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.difflab.api.Component;
import org.difflab.api.Param;
import org.difflab.api.Solver;
import org.difflab.api.sampling.Integration;
import org.difflab.api.sampling.Stepper;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.fixtures.TestComponents;

/**
 * Components and specs for sweep tests: the platform's test fixtures plus a solver that can be told to be
 * slow (so a sweep can be killed mid-way) or to fail at one grid size (so failure handling can be seen),
 * packed into a plugin jar so child JVMs load them the way they load any plugin.
 */
public final class SweepFixtures {

    private SweepFixtures() {}

    /** Euler's method (the fixtures' solver) with an optional delay and a failure at one step count. */
    @Component(id = "test-euler", summary = "Euler, optionally slow or failing (sweep tests)")
    public static final class TestEuler implements Solver {
        public record Options(
                @Param(doc = "milliseconds to sleep per solve", defaultValue = "0", min = 0) int delayMs,
                @Param(doc = "throw when the grid has this many steps (0: never)", defaultValue = "0", min = 0)
                int failAtSteps,
                @Param(doc = "halt the whole JVM when the grid has this many steps (0: never)", defaultValue = "0",
                        min = 0) int haltAtSteps) {}

        private final Options options;

        public TestEuler(Options options) {
            this.options = options;
        }

        @Override
        public int order() {
            return 1;
        }

        @Override
        public Stepper start(Integration run) {
            if (run.steps() == options.haltAtSteps()) {
                haltThroughReflection(9);   // a crash no exception handler sees (native fault, OOM kill)
            }
            if (run.steps() == options.failAtSteps()) {
                throw new IllegalStateException("test failure at " + options.failAtSteps() + " steps");
            }
            try {
                Thread.sleep(options.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TestComponents.EulerSolver().start(run);
        }

        /**
         * Halts the JVM. Plugin code's direct exit calls are refused (ExitGuard rewrites them to throw); a call through
         * reflection is not rewritten, which makes it a stand-in for a crash.
         */
        private static void haltThroughReflection(int status) {
            try {
                Runtime.class.getMethod("halt", int.class).invoke(Runtime.getRuntime(), status);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The components of the test plugin. */
    public static final List<Class<?>> COMPONENTS = List.of(TestComponents.EdmLikeProcess.class,
            TestComponents.RhoSchedule.class, TestComponents.Mixture.class, TestComponents.X0.class,
            TestComponents.NoPreconditioning.class, TestComponents.MeanGap.class, TestComponents.Exact.class,
            TestComponents.NoGuidance.class, TestComponents.DrawSizes.class,
            TestComponents.DrawSizesToo.class, TestEuler.class);

    /** A registry of the test plugin's components, from the class path. */
    public static ComponentRegistry registry() {
        return ComponentRegistry.ofClasses("0.1.0", COMPONENTS);
    }

    /** A 12-trial sweep: steps [2, 4, 8] x rho [3, 7] x 2 seeds on a 1-D two-component mixture. */
    public static String spec(int delayMs, int failAtSteps) {
        return """
                experiment: sweep-test
                seed: 3
                data: {type: mixture, means: [[-1.0], [1.0]], stds: [0.3, 0.3]}
                process: {type: edm-like, sigma_min: 0.01, sigma_max: 20}
                model: {type: exact}
                parameterization: {type: x0}
                preconditioner: {type: none}
                sampling:
                  solver: {type: test-euler, delay_ms: %d, fail_at_steps: %d}
                  schedule: {type: rho, steps: 4}
                  count: 200
                evaluation: {metrics: [mean_gap], plots: false}
                sweep:
                  grid:
                    sampling.schedule.steps: [2, 4, 8]
                    sampling.schedule.rho: [3, 7]
                  repeat: 2
                """.formatted(delayMs, failAtSteps);
    }

    /** Writes the test plugin jar into {@code directory} (which then serves as a plugin directory). */
    public static Path writePluginJar(Path directory) {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Plugin-Id", "sweep-test");
        attributes.putValue("Plugin-Version", "0.1.0");
        attributes.putValue("Plugin-Requires", ">=0.1.0");
        Path jar = directory.resolve("sweep-test-plugin.jar");
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> component : COMPONENTS) {
            classes.add(component);
            classes.addAll(List.of(component.getDeclaredClasses()));
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> type : classes) {
                String resource = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(resource));
                try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
                    in.transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            StringBuilder index = new StringBuilder();
            COMPONENTS.forEach(c -> index.append(c.getName()).append('\n'));
            out.write(index.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }
}
