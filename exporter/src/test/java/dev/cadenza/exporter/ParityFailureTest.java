package dev.cadenza.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelVariant;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A network the exporter cannot express faithfully (its LSTM uses softsign where ONNX's LSTM uses tanh) has the
 * right layer types and shapes, so only the parity check can catch it: the export must fail and leave nothing.
 */
class ParityFailureTest {
    @TempDir
    Path dir;

    @Test
    void failedParityLeavesNoFileAndKeepsTheOldOne() throws Exception {
        TinyNetworks.Data data = TinyNetworks.data();
        int vocab = data.vocabulary().size();
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(vocab).nOut(8).hasBias(false).outputDataFormat(RNNFormat.NCW).build())
                .layer(new LSTM.Builder().nIn(8).nOut(16).activation(Activation.SOFTSIGN).dataFormat(RNNFormat.NCW).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(vocab)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
                .build());
        network.init();
        ModelMetadata meta = new ModelMetadata(ModelVariant.LSTM, data.vocabulary(), 8, 1, 16, 0, 120, null, null);
        int[] s = data.streams().get(1);
        List<int[]> windows = List.of(java.util.Arrays.copyOfRange(s, 0, 12), java.util.Arrays.copyOfRange(s, 30, 42));

        Path out = dir.resolve("bad.onnx");
        Files.writeString(dir.resolve("bad.portable.onnx"), "older export");
        ModelExporter.ParityException e = assertThrows(ModelExporter.ParityException.class, () ->
                ModelExporter.export(new ModelExporter.Request(network, meta, out, Variant.BOTH, windows, true)));
        System.out.print(e.report().table());
        assertTrue(e.getMessage().startsWith("parity check failed"), e.getMessage());
        assertFalse(e.report().passed());
        // the ONNX side agrees with itself; it is DL4J that differs
        assertTrue(e.report().pairs().get(1).maxAbsDifference() <= 1e-4);
        assertTrue(e.report().pairs().get(0).maxAbsDifference() > 1e-3);
        assertFalse(Files.exists(out));
        assertEquals("older export", Files.readString(dir.resolve("bad.portable.onnx")));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary files left behind");
        }
    }
}
