package dev.cadenza.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.StepModel;
import dev.cadenza.runtime.generate.StepModels;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.generate.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samediff backend is found by name and agrees with ONNX Runtime on the shipped portable model. */
class SameDiffStepModelProviderTest {
    static final Path PORTABLE = Path.of("..", "models", "default.portable.onnx");

    @TempDir
    Path dir;

    @Test
    void samediffOpensByNameAndMatchesOnnxRuntime() throws Exception {
        assertTrue(StepModels.names().contains("samediff"), StepModels.names().toString());
        long[] tokens = {1, 5, 6, 7};
        float[] sd;
        float[] ort;
        try (StepModel m = StepModels.open(new BackendSpec("samediff", PORTABLE, Device.CPU, 1))) {
            sd = new float[tokens.length * m.vocabularySize()];
            m.run(tokens, tokens.length, m.newState(1), sd);
        }
        try (StepModel m = StepModels.open(new BackendSpec("ort-cpu", PORTABLE, Device.CPU, 1))) {
            ort = new float[tokens.length * m.vocabularySize()];
            m.run(tokens, tokens.length, m.newState(1), ort);
        }
        for (int i = 0; i < sd.length; i++) assertEquals(ort[i], sd[i], 1e-4f, "probability " + i);
    }

    @Test
    void aMissingPortableFileIsNamed() {
        Path missing = dir.resolve("none.portable.onnx");
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> StepModels.open(new BackendSpec("samediff", missing, Device.CPU, 1)));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
