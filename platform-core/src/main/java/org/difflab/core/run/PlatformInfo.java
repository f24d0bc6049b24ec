package org.difflab.core.run;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of the platform and its engine, for provenance and plugin compatibility. */
public final class PlatformInfo {

    private static final Properties BUILD = load();

    private PlatformInfo() {}

    /** The platform version (e.g. 0.1.0). */
    public static String version() {
        return BUILD.getProperty("version", "0.0.0");
    }

    /**
     * The git revision the platform was built from ({@code <commit>}, with {@code -dirty} when the checkout had
     * uncommitted changes to tracked files), if it was built from a git checkout.
     */
    public static java.util.Optional<String> sourceRevision() {
        String revision = BUILD.getProperty("source.revision", "").trim();
        // unset when git was missing or the sources are not a checkout (the build leaves the placeholder or nothing)
        return revision.matches("[0-9a-f]{7,64}(-dirty)?") ? java.util.Optional.of(revision) : java.util.Optional.empty();
    }

    /** DJL's version. */
    public static String djlVersion() {
        return Engine.getDjlVersion();
    }

    /** Starts the deep-learning engine (PyTorch via DJL), offline, once per JVM. */
    public static Engine engine() {
        return Engine.getInstance();
    }

    /** PyTorch's intra-op thread count. */
    public static int intraOpThreads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** PyTorch's inter-op thread count. */
    public static int interOpThreads() {
        engine();
        return JniUtils.getNumInteropThreads();
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = PlatformInfo.class.getResourceAsStream("/difflab.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
