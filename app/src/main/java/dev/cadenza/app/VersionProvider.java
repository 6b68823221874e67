package dev.cadenza.app;

import dev.cadenza.runtime.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints on every command: Cadenza's version from the build, with the ONNX Runtime and Java in use. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
                "Cadenza " + BuildInfo.version(),
                "ONNX Runtime " + BuildInfo.onnxRuntimeVersion() + ", Java " + System.getProperty("java.version")
                        + " (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"
        };
    }
}
