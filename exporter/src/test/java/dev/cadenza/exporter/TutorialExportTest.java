package dev.cadenza.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelVariant;
import dev.cadenza.trainer.NetworkFactory;
import dev.cadenza.trainer.NetworkShape;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * The tutorial's network (scaled scalar input, batch normalisation around the dense layer) exports to the same
 * step-model graph as Cadenza's own, with the normalisations folded into the dense and output weights.
 */
class TutorialExportTest {
    @TempDir
    Path dir;

    @Test
    void tutorialNetworkExportsWithParityAndTheUsualSignature() throws Exception {
        TinyNetworks.Data data = TinyNetworks.data();
        int vocab = data.vocabulary().size();
        NetworkShape shape = new NetworkShape(vocab, 1, 2, 12, 6, 0.3, true, true);
        MultiLayerNetwork network = NetworkFactory.build(shape, 5, new RmsProp(1e-2), 0);
        fitLastStep(network, data, vocab);
        // Statistics far from the initial (0, 1), so a wrong fold could not pass unnoticed.
        for (int layer : new int[] {3, 5}) {
            long n = network.getLayer(layer).getParam("mean").length();
            network.getLayer(layer).setParam("mean", ramp(-0.5, 0.7, n));
            network.getLayer(layer).setParam("var", ramp(0.2, 3.0, n));
            network.getLayer(layer).setParam("gamma", ramp(1.5, 0.4, n));
            network.getLayer(layer).setParam("beta", ramp(-0.3, 0.3, n));
        }
        ModelMetadata meta = new ModelMetadata(ModelVariant.LSTM, data.vocabulary(), 1, 2, 12, 6, 120,
                "{\"preset\":\"tutorial\"}", "{\"files\":[]}");
        Path out = dir.resolve("tutorial.onnx");
        List<int[]> windows = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            int[] s = data.streams().get(k % 2);
            windows.add(java.util.Arrays.copyOfRange(s, 5 + 30 * k, 5 + 30 * k + 16));
        }
        ModelExporter.Result r = ModelExporter.export(new ModelExporter.Request(network, meta, out, Variant.BOTH,
                windows, false).withSameDiff());
        System.out.print("tutorial network: " + r.parity().table());
        assertTrue(r.parity().passed());
        assertEquals(5, r.parity().pairs().size());
        for (ParityReport.Pair p : r.parity().pairs()) assertTrue(p.maxAbsDifference() <= 1e-4, p.toString());

        OnnxModelFile file = OnnxModelFile.read(out);
        assertEquals(meta, ModelFileCheck.check(file));
        // The input table is the tutorial's scaling: row id holds id / vocabulary.
        NetworkWeights w = NetworkWeights.of(network);
        assertEquals(1, w.embeddingSize());
        for (int id = 0; id < vocab; id++) assertEquals(id / (float) vocab, w.embedding().data()[id], 1e-7f);
    }

    /** {@code n} values evenly from {@code from} to {@code to}, as a {@code [1, n]} float row. */
    private static INDArray ramp(double from, double to, long n) {
        float[] v = new float[(int) n];
        for (int i = 0; i < n; i++) v[i] = (float) (from + (to - from) * i / Math.max(1, n - 1));
        return Nd4j.create(v, new long[] {1, n}, 'c');
    }

    /** A few RMSprop steps, scored at the last step of each window as the tutorial trains. */
    private static void fitLastStep(MultiLayerNetwork network, TinyNetworks.Data data, int vocab) {
        int batch = 6;
        int steps = 12;
        INDArray features = Nd4j.zeros(batch, 1, steps);
        INDArray labels = Nd4j.zeros(batch, vocab, steps);
        INDArray mask = Nd4j.zeros(batch, steps);
        for (int b = 0; b < batch; b++) {
            int[] stream = data.streams().get(b % 2);
            int start = 7 + 23 * b;
            for (int t = 0; t < steps; t++) features.putScalar(new int[] {b, 0, t}, stream[start + t]);
            labels.putScalar(new int[] {b, stream[start + steps], steps - 1}, 1.0);
            mask.putScalar(b, steps - 1, 1.0);
        }
        DataSet set = new DataSet(features, labels, null, mask);
        for (int i = 0; i < 3; i++) network.fit(set);
    }
}
