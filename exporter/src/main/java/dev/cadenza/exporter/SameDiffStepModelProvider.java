package dev.cadenza.exporter;

import java.nio.file.Files;
import java.util.Set;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.StepModelProvider;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/**
 * The {@code samediff} backend: SameDiff on the portable ONNX file ({@code spec.file()}; the importer cannot read the
 * ONNX LSTM operator of the default variant).
 */
public final class SameDiffStepModelProvider implements StepModelProvider {
    @Override
    public Set<String> names() {
        return Set.of("samediff");
    }

    @Override
    public SameDiffStepModel open(BackendSpec spec) throws ModelFileException {
        if (!Files.exists(spec.file())) {
            throw new ModelFileException(spec.file(), "no portable model here (export with --variant both)");
        }
        ModelMetadata metadata;
        // ONNX Runtime reads and checks the metadata; SameDiff then imports the graph itself.
        try (OnnxStepModel reader = OnnxStepModel.open(spec.file(), OnnxOptions.of(Device.CPU, 1))) {
            metadata = reader.metadata();
        }
        try {
            return SameDiffStepModel.load(spec.file(), metadata);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(spec.file(), e.getMessage());
        }
    }
}
