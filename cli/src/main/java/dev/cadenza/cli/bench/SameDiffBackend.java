package dev.cadenza.cli.bench;

import java.nio.file.Path;

import dev.cadenza.exporter.ModelFileCheck;
import dev.cadenza.exporter.OnnxModelFile;
import dev.cadenza.exporter.SameDiffStepModel;
import dev.cadenza.runtime.generate.StepModel;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.model.ModelMetadata;

/** SameDiff on the imported portable ONNX file. */
final class SameDiffBackend {
    private SameDiffBackend() {
    }

    static StepModel open(Path portable) throws Backends.Unavailable {
        ModelMetadata metadata;
        try {
            metadata = ModelFileCheck.check(OnnxModelFile.read(portable));
        } catch (ModelFileException e) {
            throw new Backends.Unavailable(e.getMessage());
        }
        if (!metadata.variant().equals(ModelMetadata.VARIANT_PORTABLE)) {
            throw new Backends.Unavailable(portable + " is the " + metadata.variant() + " variant; SameDiff needs the portable one");
        }
        return SameDiffStepModel.load(portable, metadata);
    }
}
