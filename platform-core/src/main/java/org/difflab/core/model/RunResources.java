package org.difflab.core.model;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a run opened and must free when it ends (models and their native memory), closed newest first. */
public final class RunResources implements AutoCloseable {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Keeps {@code resource} until the run ends; returns it. */
    public synchronized <T extends AutoCloseable> T register(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                // freeing native memory at the end of a run; nothing to recover
            }
        }
    }
}
