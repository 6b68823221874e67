package dev.cadenza.runtime.generate;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/** The model shipped in {@code models/}: a real network trained and exported by our own tools. */
public final class ShippedModel {
    public static final Path FILE = Path.of("..", "models", "default.onnx");

    private ShippedModel() {
    }

    /**
     * How the shipped model's pieces start: {@code <start>}, then its key token in C when it was trained with one (a
     * key-token model never saw {@code <start>} followed by a note).
     */
    public static int[] primer(OnnxStepModel model) {
        dev.cadenza.runtime.codec.Vocabulary v = model.metadata().vocabulary();
        int start = dev.cadenza.runtime.codec.SpecialTokens.START_ID;
        return v.contains("k:C") ? new int[] {start, v.id("k:C")} : new int[] {start};
    }

    public static OnnxStepModel open() throws Exception {
        if (!Files.exists(FILE)) throw new IllegalStateException(FILE.toAbsolutePath() + " is missing: the repository ships it");
        return OnnxStepModel.open(FILE, OnnxOptions.of(Device.CPU, 1));
    }
}
