package dev.cadenza.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Versions as the build wrote them into {@code version.properties} (Maven resource filtering), so that what a user
 * is told cannot drift from the POM.
 */
public final class BuildInfo {
    private static final String RESOURCE = "/dev/cadenza/runtime/version.properties";

    private BuildInfo() {
    }

    /** Cadenza's version, e.g. {@code 0.1.0}. */
    public static String version() {
        return properties().getProperty("version");
    }

    /**
     * The ONNX Runtime version on the class path: its jar's manifest, or, where a fat jar replaced that manifest, the
     * version this build was made with. Never loads the native library.
     */
    public static String onnxRuntimeVersion() {
        String fromJar = ai.onnxruntime.OrtEnvironment.class.getPackage().getImplementationVersion();
        return fromJar != null ? fromJar : properties().getProperty("onnxruntime", "unknown");
    }

    private static Properties properties() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the build");
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
