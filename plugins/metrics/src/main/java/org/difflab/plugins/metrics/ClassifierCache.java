package org.difflab.plugins.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Trained classifiers on disk, one file per content key ({@link ClassifierFeatures#key}: a digest of everything that
 * determines the network), in a cache directory shared by runs and by the parallel workers of a sweep.
 *
 * <p>A file is {@code classifier-<key>.bin}: a magic line, the key, the training accuracy, the parameters' bytes and
 * their SHA-256. It is written to a hidden staging name and renamed into place, so a reader never sees half a file;
 * it is verified when read (magic, key, length, digest, and that the network accepts the parameters), and an entry
 * that fails any check is reported and trained again, never used. Processes wanting the same key take a file lock
 * ({@code classifier-<key>.lock}, released by the operating system if the holder dies): the first trains and writes,
 * the others wait and then load.
 */
final class ClassifierCache {

    /** How a stored classifier is rebuilt from its parameters' bytes; throws if they do not fit the network. */
    interface Decoder<T> {
        T decode(byte[] parameters, double trainingAccuracy) throws IOException;
    }

    /** A trained classifier's parameters (as the network serialises them) and its accuracy on its training draw. */
    record Entry(byte[] parameters, double trainingAccuracy) {}

    /** What {@link #load} did, for the caller's message and for tests. */
    enum Origin {
        /** Trained now (nothing usable was stored; the result is now stored). */
        TRAINED,
        /** Read from the cache directory. */
        LOADED
    }

    /** The classifier and where it came from. */
    record Loaded<T>(T classifier, Origin origin) {}

    private static final Map<Path, ReentrantLock> HELD_IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private static final String MAGIC = "difflab-classifier 1";
    /** Parameters of a classifier of the platform's size are a few hundred kilobytes; more means a damaged length. */
    private static final int MAX_BYTES = 1 << 28;

    private final Path directory;
    private final PrintStream log;

    ClassifierCache(Path directory, PrintStream log) {
        this.directory = directory;
        this.log = log;
    }

    /** The file holding the classifier of {@code key}. */
    Path file(String key) {
        return directory.resolve("classifier-" + key + ".bin");
    }

    /**
     * The classifier stored under {@code key}, or one trained by {@code train} (then stored) when none is stored or the
     * stored one fails verification. Holds the key's file lock throughout, so concurrent processes train it once.
     */
    <T> Loaded<T> load(String key, Decoder<T> decoder, Supplier<Trained<T>> train) {
        Path target = file(key);
        Path lockFile = directory.resolve("classifier-" + key + ".lock");
        // a file lock is held per process: threads of this process queue on a lock of their own first
        ReentrantLock local = HELD_IN_THIS_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                p -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockWaiting(channel, key)) {
                T stored = read(target, key, decoder);
                if (stored != null) {
                    return new Loaded<>(stored, Origin.LOADED);
                }
                Trained<T> trained = train.get();
                write(target, key, trained.entry());
                return new Loaded<>(trained.classifier(), Origin.TRAINED);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the classifier cache " + directory + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    /** A freshly trained classifier with what is stored of it. */
    record Trained<T>(T classifier, Entry entry) {}

    private FileLock lockWaiting(FileChannel channel, String key) throws IOException {
        FileLock held = channel.tryLock();
        if (held == null) {
            log.printf("  classifier %s is being trained by another process; waiting for it%n", shortKey(key));
            log.flush();
            held = channel.lock();
        }
        return held;
    }

    /** The verified classifier in {@code file}, or null (with a message if a file was there but unusable). */
    private <T> T read(Path file, String key, Decoder<T> decoder) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return rejected(file, "unreadable (" + e.getMessage() + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (!MAGIC.equals(in.readUTF())) {
                return rejected(file, "not a difflab classifier file");
            }
            String storedKey = in.readUTF();
            if (!key.equals(storedKey)) {
                return rejected(file, "it holds the classifier of another key (" + shortKey(storedKey) + ")");
            }
            double accuracy = in.readDouble();
            int length = in.readInt();
            if (length < 0 || length > MAX_BYTES || length > in.available()) {
                return rejected(file, "its parameter length " + length + " does not match the file");
            }
            byte[] parameters = in.readNBytes(length);
            byte[] digest = in.readNBytes(32);
            if (in.available() != 0 || !Arrays.equals(digest, sha256(parameters))) {
                return rejected(file, "its parameters do not match their SHA-256 (a damaged or truncated file)");
            }
            return decoder.decode(parameters, accuracy);
        } catch (EOFException e) {
            return rejected(file, "truncated");
        } catch (IOException | RuntimeException e) {
            return rejected(file, "its parameters do not fit the network (" + e.getMessage() + ")");
        }
    }

    private <T> T rejected(Path file, String why) {
        log.printf("  the cached classifier %s is not usable: %s; training it again%n", file, why);
        return null;
    }

    /** Writes the entry to a staging name and renames it over {@code file} in one step. */
    private static void write(Path file, String key, Entry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.parameters().length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeUTF(key);
            out.writeDouble(entry.trainingAccuracy());
            out.writeInt(entry.parameters().length);
            out.write(entry.parameters());
            out.write(sha256(entry.parameters()));
        }
        Path staging = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + "." + System.nanoTime() + ".tmp");
        try {
            Files.write(staging, bytes.toByteArray(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache directory's file system cannot rename atomically", e);
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shortKey(String key) {
        return key.substring(0, Math.min(12, key.length()));
    }
}
