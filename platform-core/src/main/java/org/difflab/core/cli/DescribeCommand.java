package org.difflab.core.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.difflab.api.Pluggable;
import org.difflab.api.Solver;
import org.difflab.core.component.ComponentRegistry;
import org.difflab.core.component.ComponentType;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.component.OptionDescriptor;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code difflab describe ID}: a component's summary, origin, capabilities and options. */
@Command(name = "describe", description = "Describe a component: its options with types, defaults and ranges.")
final class DescribeCommand implements Callable<Integer> {

    @ParentCommand
    Difflab root;

    @Parameters(paramLabel = "ID", description = "A component id (e.g. heun), qualified by its plugin (solvers:heun),"
            + " or KIND/ID (e.g. process/edm).")
    String name;

    @Override
    public Integer call() {
        try (PlatformSession session = root.session()) {
            String id = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
            List<ExtensionKind> kinds = Arrays.asList(ExtensionKind.values());
            if (name.contains("/")) {
                String word = name.substring(0, name.indexOf('/'));
                String spelling = word.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                kinds = kinds.stream().filter(k -> spellings(k).contains(spelling)).toList();
                if (kinds.isEmpty()) {
                    List<String> accepted = Arrays.stream(ExtensionKind.values()).flatMap(k -> spellings(k).stream())
                            .distinct().toList();
                    throw new SpecException("describe", "", "unknown kind '" + word + "' in '" + name + "'; accepted: "
                            + String.join(", ", accepted) + SpecBinder.suggestion(word, accepted));
                }
            }
            List<ExtensionKind> searched = kinds;
            List<ComponentType> matches = session.registry().withId(id).stream()
                    .filter(c -> searched.contains(c.kind())).toList();
            if (matches.isEmpty()) {
                List<String> known = searched.stream().flatMap(k -> session.registry().ids(k).stream()).distinct()
                        .sorted().toList();
                String what = searched.size() == 1 ? searched.get(0).label() : "component";
                throw new SpecException("describe", "", "no " + what + " '" + id + "'; known ids: "
                        + String.join(", ", known) + SpecBinder.suggestion(id, known));
            }
            matches.forEach(c -> describe(c, session.registry(), System.out));
            return 0;
        }
    }

    /** The words KIND/ID accepts for a kind: its label with hyphens ("loss-weighting") and its short name ("data"). */
    private static List<String> spellings(ExtensionKind kind) {
        return java.util.stream.Stream.of(kind.label().replace(' ', '-'), kind.name().toLowerCase().replace('_', '-'))
                .distinct().toList();
    }

    private static void describe(ComponentType c, ComponentRegistry registry, PrintStream out) {
        out.printf("%s (%s)%n", registry.nameOf(c), c.kind().label());
        out.println("  " + c.summary());
        out.printf("  plugin: %s %s%s%n", c.origin().pluginId(), c.origin().version(),
                c.origin().jar() == null ? "" : " (" + c.origin().jar().getFileName() + ")");
        registry.clashOf(c).ifPresent(clash -> out.println("  clash: " + clash.describe() + "; specs must write "
                + c.qualifiedId() + " for this one"));
        out.println("  class: " + c.implementation().getName());
        defaultInstance(c).ifPresent(instance -> {
            if (instance instanceof Solver solver) {
                out.println("  order: " + solver.order());
            }
            if (instance instanceof org.difflab.api.Preset preset) {
                out.println("  sets (a spec with preset: " + c.id() + " starts from these keys and overrides them):");
                preset.fragment().lines().forEach(line -> out.println("    " + line));
            }
            var capabilities = ((Pluggable) instance).capabilities();
            out.println("  capabilities: " + (capabilities.isEmpty() ? "(none)"
                    : String.join(", ", capabilities.stream().map(x -> x.name().toLowerCase()).sorted().toList())));
        });
        List<OptionDescriptor> options = c.options();
        if (options.isEmpty()) {
            out.println("  options: none");
        } else {
            out.println("  options:");
            int width = options.stream().mapToInt(o -> o.key().length()).max().orElse(4);
            for (OptionDescriptor o : options) {
                String presence = o.defaultValue() != null ? "default " + o.defaultValue()
                        : o.required() ? "required" : "optional";
                out.printf("    %-" + width + "s  %s; %s%s%n", o.key(), o.typeName(), presence,
                        o.range().isEmpty() ? "" : "; " + o.range());
                if (!o.doc().isEmpty()) {
                    out.printf("    %-" + width + "s    %s%n", "", o.doc());
                }
            }
        }
        out.println();
    }

    /** An instance with default options, if every option has a default. */
    private static java.util.Optional<Object> defaultInstance(ComponentType c) {
        try {
            if (c.optionsType() == null) {
                return java.util.Optional.of(c.instantiate(null));
            }
            var document = org.difflab.core.spec.YamlSpecParser.parse("x: {type: " + c.id() + "}", "defaults", null);
            var binder = new org.difflab.core.spec.SpecBinder(registryOf(c), document);
            var configured = binder.bindComponent(document.root().get("x"), c.kind(), "x");
            return configured == null ? java.util.Optional.empty() : java.util.Optional.of(configured.create());
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static org.difflab.core.component.ComponentRegistry registryOf(ComponentType c) {
        return org.difflab.core.component.ComponentRegistry.ofClasses(c.origin().version(),
                List.of(c.implementation()));
    }
}
