package dev.cadenza.exporter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelVariant;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LstmExportParityTest {
    @TempDir
    Path dir;

    @Test
    void ortMatchesDl4jOnRealWindows() throws Exception {
        TinyNetworks.Data data = TinyNetworks.data();
        for (int dense : new int[] {0, 8}) {
            MultiLayerNetwork network = TinyNetworks.trained(data, dense);
            NetworkWeights w = NetworkWeights.of(network);
            ModelMetadata meta = new ModelMetadata(ModelVariant.LSTM, data.vocabulary(), 8, 2, 16, dense, 120, "{}", "{}");
            Path file = dir.resolve("m" + dense + ".onnx");
            Files.write(file, LstmGraphBuilder.build(w, meta).toByteArray());
            int batch = 3;
            int steps = 20;
            long[] tokens = new long[batch * steps];
            for (int b = 0; b < batch; b++) {
                int[] s = data.streams().get(b % 2);
                for (int t = 0; t < steps; t++) tokens[b * steps + t] = s[50 * b + t];
            }
            float[] expected = Dl4jProbs.whole(network, tokens, batch, steps);
            try (OnnxStepModel ort = OnnxStepModel.open(file, OnnxOptions.of(Device.CPU, 1))) {
                float[] got = new float[expected.length];
                ort.run(tokens, steps, ort.newState(batch), got);
                double max = 0;
                for (int i = 0; i < got.length; i++) max = Math.max(max, Math.abs(got[i] - expected[i]));
                System.out.println("dense " + dense + ": max abs difference DL4J vs ORT " + max);
                assertTrue(max <= 1e-4, "max abs difference " + max);
            }
        }
    }
}
