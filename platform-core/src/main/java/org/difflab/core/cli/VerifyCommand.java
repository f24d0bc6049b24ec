package org.difflab.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.plugin.PlatformPluginManager;
import org.difflab.core.plugin.PluginCode;
import org.difflab.core.plugin.PluginFailure;
import org.difflab.core.component.ComponentType;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.run.PlatformInfo;
import org.difflab.tck.Check;
import org.difflab.tck.Outcome;
import org.pf4j.PluginWrapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code difflab verify JAR...}: runs the contract suite on every component of the given plugin jars and prints,
 * per component, each contract check as PASS, FAIL (with the measured value) or SKIP (with why). The jars are
 * loaded by the real plugin manager together with the platform's plugin directories, so that checks needing
 * processes run on every available process; a given jar replaces a loaded plugin of the same id. A component whose
 * id another loaded plugin also declares is verified like any other and its clash is reported (specs must then
 * name it qualified, {@code plugin-id:id}). Exit code 0 when nothing fails, 1 when a check fails or a component
 * cannot be used, 2 for bad input (a file that is missing, not a jar, or not a plugin).
 */
@Command(name = "verify", description = "Run the contract suite on plugin jars: every component, every contract.")
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    Difflab root;

    @Parameters(paramLabel = "JAR", arity = "1..*", description = "Plugin jar(s) to verify.")
    List<Path> jars = new ArrayList<>();

    @Option(names = "--check-time-limit", paramLabel = "DURATION", defaultValue = "5m",
            converter = TimeLimit.Converter.class,
            description = "How long one check (or building one component) may take before it counts as failed and"
                    + " verify goes on (default: ${DEFAULT-VALUE}; e.g. 90s, 15m).")
    Duration checkTimeLimit;

    @picocli.CommandLine.Option(names = "--options", paramLabel = "ID={OPTIONS}", description = "Also verify component"
            + " ID built with these options (a YAML mapping over its defaults), e.g. --options 'my-solver={eta: 1}'"
            + " (repeatable: each is checked as one more instance).")
    List<String> options = new ArrayList<>();

    @Override
    public Integer call() {
        List<Map.Entry<String, tools.jackson.databind.JsonNode>> variants = new ArrayList<>();
        for (String option : options) {
            int equals = option.indexOf('=');
            tools.jackson.databind.JsonNode value = null;
            if (equals > 0) {
                try {
                    value = org.difflab.core.spec.YamlSpecParser.parseValue(option.substring(equals + 1));
                } catch (RuntimeException e) {
                    value = null;
                }
            }
            if (value == null || !value.isObject()) {
                throw new org.difflab.core.spec.SpecException("--options " + option, "", "expected ID={option: value,"
                        + " ...}, a component id and a YAML mapping of its options, e.g. my-solver={eta: 1}");
            }
            variants.add(Map.entry(option.substring(0, equals).trim(), value));
        }
        EngineWarmup.start();   // in the background, while plugins load and the spec is checked
        PrintStream out = System.out;
        PrintStream err = System.err;
        Map<Path, String> pluginIds = new LinkedHashMap<>();
        for (Path jar : jars) {
            String problem = null;
            Path path = jar.toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                problem = "file not found";
            } else if (!Files.isRegularFile(path)) {
                problem = "not a file (give the plugin jar itself; plugin directories go to --plugins)";
            } else {
                try (JarFile file = new JarFile(path.toFile())) {
                    Manifest manifest = file.getManifest();
                    String id = manifest == null ? null : manifest.getMainAttributes().getValue("Plugin-Id");
                    if (id == null || id.isBlank()) {
                        problem = "not a difflab plugin: its manifest has no Plugin-Id (a plugin jar's manifest names"
                                + " Plugin-Id, Plugin-Version and Plugin-Requires; see the plugin example's pom)";
                    } else {
                        pluginIds.put(path, id.trim());
                    }
                } catch (ZipException e) {
                    problem = "not a jar file (" + e.getMessage() + ")";
                } catch (IOException e) {
                    problem = "cannot read it: " + e.getMessage();
                }
            }
            if (problem != null) {
                err.println("error: " + jar + ": " + problem);
                err.flush();
                return Difflab.BAD_INPUT;
            }
        }
        try (PlatformPluginManager manager = new PlatformPluginManager(PlatformInfo.version(),
                PlatformSession.directories(root.pluginDirectories))) {
            manager.loadPlugins();
            List<String> loadProblems = new ArrayList<>();
            for (Map.Entry<Path, String> entry : pluginIds.entrySet()) {
                PluginWrapper existing = manager.getPlugin(entry.getValue());
                if (existing != null) {
                    manager.unloadPlugin(entry.getValue());   // the given jar replaces a loaded plugin of that id
                }
                try {
                    manager.loadPlugin(entry.getKey());
                } catch (RuntimeException | LinkageError e) {
                    loadProblems.add(entry.getKey().getFileName() + ": does not load: " + PluginCode.describe(e));
                }
            }
            manager.startPlugins();
            ComponentRegistry registry = ComponentRegistry.of(manager, PlatformInfo.version());
            for (Map.Entry<String, tools.jackson.databind.JsonNode> variant : variants) {
                String bare = variant.getKey().substring(variant.getKey().indexOf(':') + 1);
                boolean known = registry.withId(bare).stream().anyMatch(t -> pluginIds.containsValue(t.origin().pluginId())
                        && (t.id().equals(variant.getKey()) || t.qualifiedId().equals(variant.getKey())));
                if (!known) {
                    throw new org.difflab.core.spec.SpecException("--options " + variant.getKey() + "=" + variant.getValue(),
                            "", "no component '" + variant.getKey() + "' in the given jar(s)");
                }
            }
            try (TimeLimit limit = new TimeLimit(checkTimeLimit, "difflab-verify-check")) {
                return report(out, registry, pluginIds, loadProblems, limit, variants);
            }
        }
    }

    private static int report(PrintStream out, ComponentRegistry registry, Map<Path, String> pluginIds,
            List<String> loadProblems, TimeLimit limit,
            List<Map.Entry<String, tools.jackson.databind.JsonNode>> variants) {
        // every call into plugin code runs under the time limit, and what it throws (Errors too) is that
        // component's failure: one broken component neither hangs verify nor stops it before the next jar
        EngineWarmup.await();   // the engine's start is not the checks' time
        ComponentVerifier verifier;
        try {
            verifier = limit.call(() -> new ComponentVerifier(registry)).orElse(null);
        } catch (RuntimeException | LinkageError | VirtualMachineError | AssertionError e) {
            throw new IllegalStateException("cannot build the processes the checks run on: " + PluginCode.describe(e)
                    + PluginCode.whereThrown(e).map(w -> " (in " + w + ")").orElse(""), e);
        }
        if (verifier == null) {
            out.println("NOT verified: building the processes the checks run on did not finish within "
                    + limit.describe() + " (--check-time-limit)");
            return Difflab.FAILED;
        }
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        List<String> clashes = new ArrayList<>();
        out.println("difflab verify: " + pluginIds.size() + " plugin jar(s); checks that need a process run on "
                + String.join(", ", verifier.processes().stream().map(p -> p.name()).toList()));
        if (!verifier.excludedProcesses().isEmpty()) {
            out.println("  (not used for other components' checks: " + String.join(", ", verifier.excludedProcesses())
                    + ")");
        }
        for (String problem : loadProblems) {
            out.println("FAIL  " + problem);
            failed++;
        }
        for (Map.Entry<Path, String> entry : pluginIds.entrySet()) {
            String id = entry.getValue();
            out.println();
            out.println("plugin " + id + " (" + entry.getKey().getFileName() + ")");
            int failedBefore = failed;
            for (PluginFailure failure : registry.failures()) {
                if (id.equals(failure.pluginId()) || entry.getKey().equals(failure.jar().toAbsolutePath().normalize())) {
                    out.println("  FAIL  " + failure.reason());
                    failed++;
                }
            }
            List<ComponentVerifier.Plan> plans = new ArrayList<>();
            List<String> headers = new ArrayList<>();
            for (ExtensionKind kind : ExtensionKind.values()) {
                for (ComponentType type : registry.of(kind)) {
                    if (!id.equals(type.origin().pluginId())) {
                        continue;
                    }
                    plans.add(plan(verifier, type, null, limit));
                    headers.add("");
                    // each --options ID={...} is one more instance of that component, checked after the default one
                    for (Map.Entry<String, tools.jackson.databind.JsonNode> variant : variants) {
                        if (type.id().equals(variant.getKey()) || type.qualifiedId().equals(variant.getKey())) {
                            plans.add(plan(verifier, type, variant.getValue(), limit));
                            headers.add(" with " + org.difflab.core.spec.SpecProvenance.flow(variant.getValue()));
                        }
                    }
                }
            }
            if (plans.isEmpty() && failed == failedBefore) {
                out.println("  FAIL  the plugin contributes no component (classes need @Extension and @Component, and"
                        + " META-INF/extensions.idx must list them)");
                failed++;
            }
            for (int p = 0; p < plans.size(); p++) {
                ComponentVerifier.Plan plan = plans.get(p);
                out.println("  " + plan.type().kind().label() + " " + registry.nameOf(plan.type()) + headers.get(p)
                        + "  (" + plan.type().implementation().getName() + ")");
                registry.clashOf(plan.type()).ifPresent(clash -> {
                    // not a contract failure, but with both loaded the bare id means neither: say so
                    out.println("    CLASH  " + clash.describe() + "; with these plugins loaded a spec must write "
                            + clash.qualifiedChoices());
                    clashes.add(clash.kind().label() + " '" + clash.id() + "'");
                });
                int width = plan.checks().stream().mapToInt(c -> c.name().length()).max().orElse(10);
                for (Check check : plan.checks()) {
                    long start = System.nanoTime();
                    Outcome outcome = run(check, limit);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    String status = switch (outcome.status()) {
                        case PASSED -> "PASS";
                        case FAILED -> "FAIL";
                        case SKIPPED -> "SKIP";
                    };
                    out.printf("    %s  %-" + width + "s  %s%s%n", status, check.name(), outcome.message(),
                            millis >= 1000 ? " [" + millis / 1000 + " s]" : "");
                    out.flush();
                    switch (outcome.status()) {
                        case PASSED -> passed++;
                        case FAILED -> failed++;
                        case SKIPPED -> skipped++;
                    }
                }
            }
        }
        out.println();
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped"
                + (clashes.isEmpty() ? "" : "; ids also provided by other loaded plugins: " + String.join(", ", clashes)
                        + " (name them plugin-id:id in specs)"));
        out.println(failed == 0 ? "verified: every contract check passed or does not apply"
                : "NOT verified: " + failed + " check(s) failed");
        out.flush();
        return failed == 0 ? 0 : Difflab.FAILED;
    }

    /**
     * A component's plan with its default options ({@code options} null) or the given ones, built under the time limit
     * (building it runs the component's constructor).
     */
    private static ComponentVerifier.Plan plan(ComponentVerifier verifier, ComponentType type,
            tools.jackson.databind.JsonNode options, TimeLimit limit) {
        String name = type.kind().label().replace(' ', '-') + ".instantiate";
        try {
            return limit.call(() -> options == null ? verifier.plan(type) : verifier.plan(type, options)).orElseGet(() -> new ComponentVerifier.Plan(type, List.of(
                    new Check(name, "builds", () -> Outcome.failed("building it did not finish within "
                            + limit.describe() + " (--check-time-limit)")))));
        } catch (RuntimeException | LinkageError | VirtualMachineError | AssertionError e) {
            return new ComponentVerifier.Plan(type, List.of(new Check(name, "builds",
                    () -> Outcome.failed("threw " + PluginCode.describe(e)))));
        }
    }

    /** A check's outcome under the time limit; a check that throws, even an Error, has failed. */
    private static Outcome run(Check check, TimeLimit limit) {
        try {
            return limit.call(check::run).orElseGet(() -> Outcome.failed("did not finish within " + limit.describe()
                    + " (--check-time-limit); abandoned"));
        } catch (RuntimeException | LinkageError | VirtualMachineError | AssertionError e) {
            return Outcome.failed("threw " + PluginCode.describe(e));
        }
    }
}
