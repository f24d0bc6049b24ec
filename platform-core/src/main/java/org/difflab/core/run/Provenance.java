package org.difflab.core.run;

import ai.djl.engine.Engine;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.difflab.core.component.ComponentType;
import org.difflab.core.component.Configured;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentSpec;
import org.difflab.core.spec.RunInputs;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run.json record of where a result came from: platform (version and, when built from a git checkout, source
 * revision), every component's plugin (id, version, jar SHA-256) and every input file's SHA-256 by the spec key
 * that names it, engine and device, JVM and OS, seeds, threads (per phase, with why) and wall times — enough to
 * reproduce the run or to see why two runs differ.
 */
public final class Provenance {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Provenance() {}

    /** Builds run.json for a finished run. */
    public static ObjectNode of(Experiment experiment, Instant started, Instant finished, Timings timings,
            Map<String, Object> results, Map<String, IntraOpThreads.Choice> threads, List<String> commandLine) {
        ExperimentSpec spec = experiment.spec();
        ObjectNode root = NODES.objectNode();
        root.put("experiment", spec.experiment());
        root.put("run_id", experiment.runId());
        root.put("started_at", started.toString());
        root.put("finished_at", finished.toString());
        root.put("command", String.join(" ", commandLine));
        root.put("spec_source", experiment.source().sourceName());

        ObjectNode platform = root.putObject("platform");
        platform.put("version", PlatformInfo.version());
        PlatformInfo.sourceRevision().ifPresent(revision -> platform.put("source_revision", revision));

        // every component and file the run id covers, by the spec key that names it
        ObjectNode components = root.putObject("components");
        experiment.inputs().components().forEach((path, configured) -> components.set(path, component(configured)));
        ObjectNode files = root.putObject("files");
        experiment.inputs().files().forEach((path, input) -> {
            ObjectNode file = files.putObject(path);
            file.put("file", input.file().spelling());
            file.put("sha256", input.sha256());
        });

        ObjectNode engine = root.putObject("engine");
        Engine djl = EngineWarmup.await();
        engine.put("name", djl.getEngineName());
        engine.put("version", djl.getVersion());
        engine.put("djl_version", PlatformInfo.djlVersion());
        engine.put("device", djl.defaultDevice().toString());
        engine.put("intra_op_threads", PlatformInfo.intraOpThreads());
        engine.put("inter_op_threads", PlatformInfo.interOpThreads());
        ObjectNode choices = engine.putObject("intra_op_threads_by_phase");
        threads.forEach((phase, choice) -> choices.putObject(phase).put("threads", choice.threads())
                .put("reason", choice.reason()));
        engine.put("omp_wait_policy", System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));
        engine.put("gomp_spincount", System.getenv().getOrDefault("GOMP_SPINCOUNT", "(unset)"));
        engine.put("offline", Boolean.getBoolean("ai.djl.offline"));

        ObjectNode java = root.putObject("java");
        java.put("version", System.getProperty("java.version"));
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name"));
        ObjectNode os = root.putObject("os");
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        os.put("processors", Runtime.getRuntime().availableProcessors());
        os.put("host", hostName());

        ObjectNode seeds = root.putObject("seeds");
        seeds.put("run", spec.seed());
        for (SeedStreams stream : SeedStreams.values()) {
            seeds.put(stream.name().toLowerCase(), stream.of(spec.seed()).seed());
        }

        ObjectNode times = root.putObject("wall_seconds");
        timings.asMap().forEach(times::put);
        root.set("results", resultsNode(results));
        return root;
    }

    private static ObjectNode resultsNode(Map<String, Object> results) {
        ObjectNode node = NODES.objectNode();
        results.forEach((k, v) -> {
            if (v instanceof Number n) {
                node.put(k, n.doubleValue());
            } else {
                node.put(k, String.valueOf(v));
            }
        });
        return node;
    }

    private static ObjectNode component(Configured<?> configured) {
        ComponentType type = configured.type();
        ObjectNode node = RunInputs.identityOf(type);
        node.put("class", type.implementation().getName());
        return node;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
