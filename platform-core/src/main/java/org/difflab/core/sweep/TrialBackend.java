package org.difflab.core.sweep;

import java.util.List;
import java.util.function.Consumer;

/** Where trials run: in this JVM one after another, or in a pool of worker JVMs. */
public interface TrialBackend {

    /** Runs the trials with these indices, reporting each outcome to {@code sink} as it arrives. */
    void run(List<Integer> indices, Consumer<TrialOutcome> sink);

    /** Runs trials in this JVM with {@code runner}, in order. */
    static TrialBackend inProcess(TrialRunner runner) {
        return (indices, sink) -> indices.forEach(i -> sink.accept(runner.run(i)));
    }
}
