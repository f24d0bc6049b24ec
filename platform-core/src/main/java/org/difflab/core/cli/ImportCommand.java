package org.difflab.core.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.difflab.api.ForwardProcess;
import org.difflab.core.component.ExtensionKind;
import org.difflab.core.interop.DiffusersScheduler;
import org.difflab.core.spec.SpecBinder;
import org.difflab.core.spec.SpecException;
import org.difflab.core.spec.YamlSpecParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code difflab import diffusers scheduler_config.json}: a diffusers scheduler as a spec fragment. */
@Command(name = "import", description = {
    "Translate another library's configuration into a spec fragment: difflab import diffusers scheduler_config.json"
        + " prints process, parameterization, sampling.solver and sampling.schedule.",
    "Exit code 0 when the fragment samples exactly as the config does; 2 when some setting has no equivalent (each is"
        + " named; with --approximate the closest fragment is printed too)."})
final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    Difflab root;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "The source: diffusers.")
    String format;

    @Parameters(index = "1", paramLabel = "FILE", description = "The scheduler_config.json.")
    Path file;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "50", description = "The pipeline's"
            + " num_inference_steps (not part of the config; default: ${DEFAULT-VALUE}, diffusers' usual default).")
    int steps;

    @Option(names = "--approximate", description = "Also print the closest fragment when some setting has no"
            + " equivalent (its header says NOT EQUIVALENT).")
    boolean approximate;

    @Override
    public Integer call() {
        if (!format.equals("diffusers")) {
            throw new SpecException("import", "", "unknown format '" + format + "'; accepted: diffusers"
                    + SpecBinder.suggestion(format, java.util.List.of("diffusers")));
        }
        JsonNode config;
        try {
            // diffusers writes float('-inf') as -Infinity (lambda_min_clipped)
            config = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()
                    .readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new SpecException(file.toString(), "", "file not found");
        } catch (IOException | JacksonException e) {
            throw new SpecException(file.toString(), "", "not a readable JSON file: " + e.getMessage());
        }
        if (!config.isObject()) {
            throw new SpecException(file.toString(), "", "expected a JSON object (a diffusers scheduler_config.json)");
        }
        if (steps < 1) {
            throw new SpecException("--steps", "", "expected at least 1 inference step, got " + steps);
        }
        try (PlatformSession session = root.session()) {
            var registry = session.registry();
            DiffusersScheduler.Result result = DiffusersScheduler.translate(config, steps, value -> {
                var document = YamlSpecParser.parse("process: " + value + "\n", "import", null);
                SpecBinder binder = new SpecBinder(registry, document);
                var process = binder.bindComponent(document.root().get("process"), ExtensionKind.PROCESS, "process");
                binder.throwIfProblems();
                return (ForwardProcess) process.create();
            });
            result.ignored().forEach(k -> System.err.println("note: " + k + " is not recognised; not carried over"));
            if (result.exact()) {
                System.out.print(result.fragment());
                return 0;
            }
            for (String difference : result.differences()) {
                System.err.println("no equivalent: " + difference);
            }
            if (approximate && !result.fragment().isEmpty()) {
                System.out.print(result.fragment());
            } else if (!result.fragment().isEmpty()) {
                System.err.println("(--approximate prints the closest fragment anyway)");
            }
            return Difflab.BAD_INPUT;
        }
    }
}
