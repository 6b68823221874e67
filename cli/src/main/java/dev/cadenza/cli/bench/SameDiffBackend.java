package dev.cadenza.cli.bench;

import java.nio.file.Path;

import dev.cadenza.runtime.generate.StepModel;

/** SameDiff on the imported portable ONNX file. */
final class SameDiffBackend {
    private SameDiffBackend() {
    }

    static StepModel open(Path portable) throws Backends.Unavailable {
        throw new Backends.Unavailable("not wired yet");
    }
}
