package dev.cadenza.runtime.generate;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.cadenza.runtime.onnx.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/** The model shipped in {@code models/}: a real network trained and exported by our own tools. */
public final class ShippedModel {
    public static final Path FILE = Path.of("..", "models", "default.onnx");

    private ShippedModel() {
    }

    public static OnnxStepModel open() throws Exception {
        if (!Files.exists(FILE)) throw new IllegalStateException(FILE.toAbsolutePath() + " is missing: the repository ships it");
        return OnnxStepModel.open(FILE, OnnxOptions.of(Device.CPU, 1));
    }
}
