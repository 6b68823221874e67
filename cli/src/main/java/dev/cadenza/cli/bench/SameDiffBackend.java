package dev.cadenza.cli.bench;

import java.nio.file.Path;

import dev.cadenza.exporter.SameDiffStepModel;
import dev.cadenza.runtime.generate.StepModel;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.onnx.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/** SameDiff on the imported portable ONNX file (the importer cannot read the ONNX LSTM operator). */
final class SameDiffBackend {
    private SameDiffBackend() {
    }

    static StepModel open(Path portable) throws Backends.Unavailable {
        ModelMetadata metadata;
        // ONNX Runtime reads and checks the metadata; SameDiff then imports the graph itself.
        try (OnnxStepModel reader = OnnxStepModel.open(portable, OnnxOptions.of(Device.CPU, 1))) {
            metadata = reader.metadata();
        } catch (ModelFileException e) {
            throw new Backends.Unavailable(e.getMessage());
        }
        try {
            return SameDiffStepModel.load(portable, metadata);
        } catch (IllegalArgumentException e) {
            throw new Backends.Unavailable(e.getMessage());
        }
    }
}
