package dev.cadenza.runtime.onnx;

import dev.cadenza.runtime.generate.Device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.cadenza.runtime.spi.LstmState;
import dev.cadenza.runtime.generate.ShippedModel;
import dev.cadenza.runtime.model.ModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxStepModelTest {
    @TempDir
    Path dir;

    @Test
    void oneTokenAtATimeWithCarriedStateEqualsTheWholeWindow() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            int v = model.vocabularySize();
            int batch = 3;
            int steps = 25;
            long[] tokens = new long[batch * steps];
            for (int i = 0; i < tokens.length; i++) tokens[i] = 4 + (i * 7) % (v - 4);
            float[] whole = new float[batch * steps * v];
            LstmState wholeState = model.newState(batch);
            model.run(tokens, steps, wholeState, whole);

            LstmState state = model.newState(batch);
            float[] one = new float[batch * v];
            long[] column = new long[batch];
            double max = 0;
            for (int s = 0; s < steps; s++) {
                for (int b = 0; b < batch; b++) column[b] = tokens[b * steps + s];
                model.run(column, 1, state, one);
                for (int b = 0; b < batch; b++) {
                    for (int k = 0; k < v; k++) max = Math.max(max, Math.abs(one[b * v + k] - whole[(b * steps + s) * v + k]));
                }
            }
            assertTrue(max < 1e-5, "stepwise differs from whole by " + max);
            for (int i = 0; i < state.size(); i++) assertEquals(wholeState.h().get(i), state.h().get(i), 1e-5);
            float sum = 0;
            for (int k = 0; k < v; k++) sum += whole[k];
            assertEquals(1f, sum, 1e-4, "a row of probabilities sums to 1");
        }
    }

    @Test
    void metadataDescribesTheModel() throws Exception {
        try (OnnxStepModel model = ShippedModel.open()) {
            assertEquals(model.metadata().vocabulary().size(), model.vocabularySize());
            assertTrue(model.layers() >= 1 && model.hiddenSize() >= 1);
            assertEquals("ort-cpu", model.backendName());
        }
    }

    @Test
    void aFileThatIsNotAModelIsRefusedWithItsName() throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "this is not protobuf");
        ModelFileException e = assertThrows(ModelFileException.class, () -> OnnxStepModel.open(junk, OnnxOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");

        Path truncated = dir.resolve("truncated.onnx");
        byte[] bytes = Files.readAllBytes(ShippedModel.FILE);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(ModelFileException.class, () -> OnnxStepModel.open(truncated, OnnxOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());

        ModelFileException missing = assertThrows(ModelFileException.class,
                () -> OnnxStepModel.open(dir.resolve("nope.onnx"), OnnxOptions.DEFAULT));
        assertTrue(missing.getMessage().contains("no such model file"));
    }

    @Test
    void cudaFailsClearlyWithoutAGpuAndAutoFallsBack() throws Exception {
        assumeFalse(Files.exists(Path.of("/dev/nvidiactl")), "this machine has an NVIDIA driver");
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> OnnxStepModel.open(ShippedModel.FILE, OnnxOptions.of(Device.CUDA, 0)));
        assertTrue(e.getMessage().contains("CUDA cannot be used"), e.getMessage());
        try (OnnxStepModel auto = OnnxStepModel.open(ShippedModel.FILE, OnnxOptions.of(Device.AUTO, 0))) {
            assertEquals(Device.CPU, auto.device());
            assertTrue(auto.fallbackReason().isPresent(), "auto says why it fell back");
        }
    }
}
