package dev.cadenza.runtime.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints on every command: Cadenza's version as the build wrote it into
 * {@code version.properties} (Maven resource filtering, so it cannot drift from the POM), with the ONNX Runtime and
 * Java it runs on.
 */
public final class VersionProvider implements IVersionProvider {
    /** Cadenza's version from the build, e.g. {@code 0.1.0}. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/cadenza/runtime/version.properties")) {
            if (in == null) throw new IllegalStateException("version.properties is missing from the build");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        // The class's package, not OrtEnvironment itself: reading the manifest must not load the native library.
        String ort = ai.onnxruntime.OrtEnvironment.class.getPackage().getImplementationVersion();
        return new String[] {
                "Cadenza " + version(),
                "ONNX Runtime " + (ort == null ? "(version unknown)" : ort) + ", Java " + System.getProperty("java.version")
                        + " (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"
        };
    }
}
