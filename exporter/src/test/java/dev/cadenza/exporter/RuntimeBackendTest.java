package dev.cadenza.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import dev.cadenza.runtime.spi.LstmState;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelVariant;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's own ONNX backend, given nothing but the exported files, reproduces the trained network. */
class RuntimeBackendTest {
    @TempDir
    Path dir;

    @Test
    void runtimeBackendReproducesDl4jFromTheFileAlone() throws Exception {
        TinyNetworks.Data data = TinyNetworks.data();
        MultiLayerNetwork network = TinyNetworks.trained(data, 0);
        ModelMetadata meta = new ModelMetadata(ModelVariant.LSTM, data.vocabulary(), 8, 2, 16, 0, 120, null, null);
        Path out = dir.resolve("rt.onnx");
        int[] s = data.streams().get(1);
        int steps = 20;
        long[] tokens = new long[2 * steps];
        for (int t = 0; t < steps; t++) {
            tokens[t] = s[100 + t];
            tokens[steps + t] = s[200 + t];
        }
        ModelExporter.export(new ModelExporter.Request(network, meta, out, Variant.BOTH,
                List.of(java.util.Arrays.copyOfRange(s, 0, 8)), false, ModelExporterTest.anyInt8(List.of(java.util.Arrays.copyOfRange(s, 0, 8)))));
        float[] expected = Dl4jProbs.whole(network, tokens, 2, steps);
        for (Path file : List.of(out, ModelExporter.portableSibling(out))) {
            try (OnnxStepModel model = OnnxStepModel.open(file, OnnxOptions.DEFAULT)) {
                assertEquals(data.vocabulary().size(), model.vocabularySize());
                LstmState state = model.newState(2);
                float[] probs = new float[2 * steps * model.vocabularySize()];
                model.run(tokens, steps, state, probs);
                double diff = ParityCheck.maxAbsDifference(expected, probs);
                assertTrue(diff <= ParityCheck.TOLERANCE, file + ": max |diff| " + diff);
            }
        }
    }
}
