package org.difflab.plugins.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk cache of trained classifiers, with a stand-in "classifier" (a string whose bytes are its parameters) and a
 * counter of trainings: a stored entry is loaded, not trained again; a damaged, truncated or foreign entry is reported
 * and trained again; concurrent users of one key train it once; no half-written file is ever visible.
 */
class ClassifierCacheTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private final AtomicInteger trainings = new AtomicInteger();

    private ClassifierCache cache() {
        return new ClassifierCache(directory, new PrintStream(messages, true, StandardCharsets.UTF_8));
    }

    private ClassifierCache.Loaded<String> load(String key, String network) {
        return cache().load(key, (parameters, accuracy) -> new String(parameters, StandardCharsets.UTF_8) + "@"
                + accuracy, () -> {
                    trainings.incrementAndGet();
                    return new ClassifierCache.Trained<>(network + "@0.5",
                            new ClassifierCache.Entry(network.getBytes(StandardCharsets.UTF_8), 0.5));
                });
    }

    private String log() {
        return messages.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSecondUseLoadsWhatTheFirstTrainedAndStored() {
        ClassifierCache.Loaded<String> first = load("k1", "weights");
        ClassifierCache.Loaded<String> second = load("k1", "other weights");
        assertThat(first.origin()).isEqualTo(ClassifierCache.Origin.TRAINED);
        assertThat(second.origin()).isEqualTo(ClassifierCache.Origin.LOADED);
        assertThat(second.classifier()).isEqualTo("weights@0.5");
        assertThat(trainings).hasValue(1);
        assertThat(log()).isEmpty();
    }

    @Test
    void aFlippedByteIsRejectedWithAMessageAndTrainedAgain() throws IOException {
        load("k1", "weights");
        Path file = cache().file("k1");
        byte[] bytes = Files.readAllBytes(file);
        int inParameters = bytes.length - 32 - 3;   // the stored "weights", before its 32-byte SHA-256
        bytes[inParameters] ^= 1;
        Files.write(file, bytes);
        ClassifierCache.Loaded<String> again = load("k1", "weights");
        assertThat(again.origin()).isEqualTo(ClassifierCache.Origin.TRAINED);
        assertThat(again.classifier()).isEqualTo("weights@0.5");
        assertThat(trainings).hasValue(2);
        assertThat(log()).contains(file.toString()).contains("SHA-256").contains("training it again");
        assertThat(load("k1", "weights").origin()).as("the rewritten entry is sound")
                .isEqualTo(ClassifierCache.Origin.LOADED);
    }

    @Test
    void aTruncatedEntryIsRejected() throws IOException {
        load("k1", "weights");
        Path file = cache().file("k1");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThat(load("k1", "weights").origin()).isEqualTo(ClassifierCache.Origin.TRAINED);
        assertThat(log()).contains("not usable");
    }

    @Test
    void anEntryOfAnotherKeyUnderThisKeysNameIsRejected() throws IOException {
        load("k1", "weights");
        Files.copy(cache().file("k1"), cache().file("k2"));
        ClassifierCache.Loaded<String> k2 = load("k2", "weights two");
        assertThat(k2.origin()).isEqualTo(ClassifierCache.Origin.TRAINED);
        assertThat(k2.classifier()).isEqualTo("weights two@0.5");
        assertThat(log()).contains("another key (k1)");
    }

    @Test
    void aFileThatIsNoEntryIsRejected() throws IOException {
        Files.writeString(cache().file("k1"), "not a classifier");
        assertThat(load("k1", "weights").origin()).isEqualTo(ClassifierCache.Origin.TRAINED);
        assertThat(log()).contains("not usable");
    }

    @Test
    void parametersTheNetworkRefusesAreRejected() {
        load("k1", "weights");
        ClassifierCache.Loaded<String> refused = cache().load("k1", (parameters, accuracy) -> {
            throw new IOException("shape mismatch");
        }, () -> {
            trainings.incrementAndGet();
            return new ClassifierCache.Trained<>("fresh", new ClassifierCache.Entry(new byte[] {1}, 0.5));
        });
        assertThat(refused.classifier()).isEqualTo("fresh");
        assertThat(log()).contains("do not fit the network (shape mismatch)");
    }

    /** Eight threads asking for one key at once (as parallel sweep workers do) train it once; no staging file stays. */
    @Test
    void concurrentUsersOfOneKeyTrainItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ClassifierCache.Loaded<String>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> load("shared", "weights")));
            }
            for (Future<ClassifierCache.Loaded<String>> result : results) {
                assertThat(result.get().classifier()).isEqualTo("weights@0.5");
            }
        } finally {
            pool.shutdown();
        }
        assertThat(trainings).hasValue(1);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("classifier-shared.bin", "classifier-shared.lock");
        }
    }
}
