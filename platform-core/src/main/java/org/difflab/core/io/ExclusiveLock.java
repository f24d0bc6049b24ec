package org.difflab.core.io;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock held by one thread of one process at a time: a lock file's operating-system lock (released by the
 * operating system if the holder dies) plus, since that lock is held per process, an in-process lock the threads
 * of one process queue on first. Whoever waits says so once, on the given log.
 */
public final class ExclusiveLock {

    private static final Map<Path, ReentrantLock> HELD_IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private ExclusiveLock() {}

    /**
     * Takes the lock of {@code lockFile} (created with its folder if missing), waiting while another thread or
     * process holds it, after printing "{@code what} is being written by another run in this process / difflab
     * process; waiting for it". Close the returned handle to release it.
     */
    public static AutoCloseable hold(Path lockFile, String what, PrintStream log) {
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            ReentrantLock local = HELD_IN_THIS_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                    p -> new ReentrantLock());
            if (!local.tryLock()) {
                log.printf("%s is being written by another run in this process; waiting for it%n", what);
                local.lock();
            }
            try {
                FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.tryLock();
                if (held == null) {
                    log.printf("%s is being written by another difflab process; waiting for it%n", what);
                    log.flush();
                    held = channel.lock();
                }
                FileLock acquired = held;
                return () -> {
                    try {
                        acquired.release();
                        channel.close();
                    } finally {
                        local.unlock();
                    }
                };
            } catch (IOException | RuntimeException e) {
                local.unlock();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + what + " (" + lockFile + "): " + e.getMessage(), e);
        }
    }
}
