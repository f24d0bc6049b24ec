package org.difflab.core.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.difflab.api.Component;
import org.difflab.api.ForwardProcess;
import org.difflab.api.TimestepSchedule;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.component.ComponentType;
import org.difflab.core.component.Configured;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.component.OptionDescriptor;
import org.difflab.core.run.EngineWarmup;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.spec.SpecDocument;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.YamlSpecParser;
import org.difflab.tck.Check;
import org.difflab.tck.Contracts;
import org.difflab.tck.ForwardProcessChecks;
import org.difflab.tck.NamedProcess;
import org.difflab.tck.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plans the contract suite (platform-tck) for the components of a registry: builds each component from its
 * defaults, or from {@code @Component(example)} when it has required options, and pairs it with its extension
 * point's checks. Components that work on a process run on every process of the registry that can be built the
 * same way. Used by {@code difflab verify} and by the build's contract test over the bundled plugins.
 */
public final class ComponentVerifier {

    /**
     * The checks of one component.
     *
     * @param type the component
     * @param checks its contract's checks (not yet run), or a single check explaining why it cannot be built
     */
    public record Plan(ComponentType type, List<Check> checks) {

        /** "solver heun" */
        public String label() {
            return type.kind().label() + " " + type.id();
        }
    }

    private final ComponentRegistry registry;
    private final List<NamedProcess> processes;
    private final List<String> excludedProcesses;

    /**
     * A verifier over {@code registry}. Its processes are built once, here, and kept only if they pass their own
     * basic contract checks: a broken process (say, a wrong sigma') would otherwise fail every solver and schedule
     * checked on it, blaming components that are right.
     *
     * <p>The checks run on the thread that builds the verifier: it takes the engine from {@link EngineWarmup#await()},
     * which gives it the autograd state the checks (a model's gradient step) need.
     */
    public ComponentVerifier(ComponentRegistry registry) {
        EngineWarmup.await();
        this.registry = registry;
        List<NamedProcess> built = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (ComponentType type : registry.of(ExtensionKind.PROCESS)) {
            ForwardProcess process;
            try {
                process = (ForwardProcess) instantiate(type, null);
            } catch (RuntimeException e) {
                continue;   // a process that cannot be built is reported by its own plan
            }
            List<String> failed = ForwardProcessChecks.basic(process).stream()
                    .filter(check -> check.run().isFailure()).map(Check::name).toList();
            if (failed.isEmpty()) {
                built.add(new NamedProcess(registry.nameOf(type), process));
            } else {
                excluded.add(registry.nameOf(type) + " (fails " + String.join(", ", failed) + ")");
            }
        }
        this.processes = List.copyOf(built);
        this.excludedProcesses = List.copyOf(excluded);
    }

    /**
     * The processes checks run on: every process of the registry that builds from its defaults or example and passes
     * its basic checks.
     */
    public List<NamedProcess> processes() {
        return processes;
    }

    /** Processes left out of other components' checks because they fail their own, with the checks they fail. */
    public List<String> excludedProcesses() {
        return excludedProcesses;
    }

    /** Plans for the components selected by {@code selected}, by extension point then id. */
    public List<Plan> plan(Predicate<ComponentType> selected) {
        List<Plan> plans = new ArrayList<>();
        for (ExtensionKind kind : ExtensionKind.values()) {
            for (ComponentType type : registry.of(kind)) {
                if (selected.test(type)) {
                    plans.add(plan(type));
                }
            }
        }
        return plans;
    }

    /** The plan of one component, built from its defaults or example. */
    public Plan plan(ComponentType type) {
        return plan(type, null);
    }

    /**
     * The plan of one component built with {@code options} (a YAML mapping, over its example) rather than its
     * defaults: {@code difflab verify JAR --options ID={...}} checks non-default settings.
     */
    public Plan plan(ComponentType type, JsonNode options) {
        String name = type.kind().label().replace(' ', '-') + ".instantiate";
        if (options != null) {
            Object instance;
            try {
                instance = instantiate(type, null, options);
            } catch (RuntimeException e) {
                String reason = e instanceof SpecException spec ? String.join("; ", spec.problems().stream()
                        .map(p -> p.format()).toList()) : e.toString();
                return new Plan(type, List.of(new Check(name, "builds with the given options",
                        () -> Outcome.failed("cannot build it with " + options + ": " + reason))));
            }
            IntFunction<TimestepSchedule> withSteps = null;
            if (type.kind() == ExtensionKind.SCHEDULE && type.options().stream().anyMatch(o -> o.key().equals("steps"))) {
                withSteps = steps -> (TimestepSchedule) instantiate(type, steps, options);
            }
            return new Plan(type, Contracts.checksFor(instance, processes, withSteps));
        }
        String description = "builds from its defaults or @Component(example)";
        List<String> required = type.options().stream().filter(OptionDescriptor::required).map(OptionDescriptor::key)
                .toList();
        String example = type.implementation().getAnnotation(Component.class).example();
        if (!required.isEmpty() && example.isBlank()) {
            return new Plan(type, List.of(Check.skipped(name, description, "options " + String.join(", ", required)
                    + " are required and @Component(example) is empty; add example = \"{" + required.get(0)
                    + ": ...}\" so the contract suite can build an instance")));
        }
        Object instance;
        try {
            instance = instantiate(type, null);
        } catch (RuntimeException e) {
            String reason = e instanceof SpecException spec ? String.join("; ", spec.problems().stream()
                    .map(p -> p.format()).toList()) : e.toString();
            return new Plan(type, List.of(new Check(name, description, () -> Outcome.failed("cannot build it from "
                    + (example.isBlank() ? "its defaults" : "its example " + example) + ": " + reason))));
        }
        IntFunction<TimestepSchedule> withSteps = null;
        if (type.kind() == ExtensionKind.SCHEDULE && type.options().stream().anyMatch(o -> o.key().equals("steps"))) {
            withSteps = steps -> (TimestepSchedule) instantiate(type, steps);
        }
        return new Plan(type, Contracts.checksFor(instance, processes, withSteps));
    }

    /** Builds {@code type} from its defaults or example, with {@code steps} set if not null. */
    private Object instantiate(ComponentType type, Integer steps) {
        return instantiate(type, steps, null);
    }

    /** Builds {@code type} from its example with {@code options} (may be null) set over it. */
    private Object instantiate(ComponentType type, Integer steps, JsonNode given) {
        SpecDocument document = YamlSpecParser.parse("component: {}", type.qualifiedId(), null);
        ObjectNode node = (ObjectNode) document.root().get("component");
        node.put("type", type.qualifiedId());   // qualified: the id may clash with another plugin's
        String example = type.implementation().getAnnotation(Component.class).example();
        if (!example.isBlank()) {
            JsonNode options = YamlSpecParser.parseValue(example);
            if (!options.isObject()) {
                throw new IllegalArgumentException("@Component(example) must be a YAML mapping, got: " + example);
            }
            for (String key : options.propertyNames()) {
                node.set(key, options.get(key));
            }
        }
        if (given != null) {
            for (String key : given.propertyNames()) {
                node.set(key, given.get(key).deepCopy());
            }
        }
        if (steps != null) {
            node.put("steps", steps.intValue());
        }
        SpecBinder binder = new SpecBinder(registry, document);
        Configured<?> configured = binder.bindComponent(node, type.kind(), "component");
        binder.throwIfProblems();
        if (configured == null) {
            throw new IllegalStateException("could not bind " + type.id());
        }
        return configured.create();
    }
}
