package org.difflab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.Path;
import org.difflab.core.bench.BenchRun;
import org.difflab.core.inject.PlatformModule;
import org.difflab.core.run.RunResult;
import org.difflab.core.spec.Experiment;
import org.difflab.core.spec.ExperimentLoader;
import org.difflab.core.spec.YamlSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A benchmark's run takes the thread count the benchmark compares, for every phase: `bench threads` and `bench
 * train` once set the count on the engine and then started a run, which set its own default over it, so each of
 * their "1 thread" and "2 threads" rows measured the default.
 */
class BenchRunTest {

    @RegisterExtension
    static final BundledPlugins PLUGINS = new BundledPlugins();

    @TempDir
    Path dir;

    @Test
    void aBenchmarkRunsEveryPhaseAtTheCountItCompares() throws IOException {
        Injector platform = Guice.createInjector(new PlatformModule(PLUGINS.registry()));
        Experiment experiment = platform.getInstance(ExperimentLoader.class).load(YamlSpecParser.parse("""
                experiment: bench-threads-check
                data: {type: gmm-ring}
                process: {type: edm}
                sampling: {solver: euler, schedule: {type: karras, steps: 2}, count: 100}
                evaluation: {plots: false, metrics: []}
                """, "bench", null));
        // exact sampling's own choice is one thread (the tests also set one through the property)
        JsonNode threads = threadsByPhase(BenchRun.atThreads(2, platform, experiment, dir.resolve("a"), "test"));
        assertThat(threads.get("sampling").get("threads").asInt()).isEqualTo(2);
        assertThat(threads.get("sampling").get("reason").asString()).isEqualTo("set by difflab bench test");
        assertThat(ai.djl.pytorch.jni.JniUtils.getNumThreads()).isEqualTo(2);

        threads = threadsByPhase(BenchRun.atDefault(platform, experiment, dir.resolve("b"), "test"));
        assertThat(threads.get("sampling").get("threads").asInt()).isEqualTo(1);
        assertThat(threads.get("sampling").get("reason").asString())
                .isEqualTo("set by -Dai.djl.pytorch.num_threads=1");
        assertThat(ai.djl.pytorch.jni.JniUtils.getNumThreads()).isEqualTo(1);
    }

    private static JsonNode threadsByPhase(RunResult run) throws IOException {
        return JsonMapper.builder().build().readTree(run.directory().resolve("run.json").toFile()).get("engine")
                .get("intra_op_threads_by_phase");
    }
}
