package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.midi.MidiReader;

/** The fused LSTM must train exactly the network DL4J's own LSTM path trains, only faster. */
class FusedLstmHelperTest {
    @TempDir
    Path dir;

    /** Vocabulary size of the windows {@link #realWindows} made. */
    private int vocab;

    @Test
    void trainsTheSameWeightsAsDl4jsOwnLstmOnRealBatches() throws Exception {
        Windows windows = realWindows();
        // two LSTM layers, so the gradient the fused layer hands down also feeds another fused layer
        NetworkShape shape = new NetworkShape(vocab, 8, 2, 24, 0, 0.25);
        Twins twins = twins(shape, 7L);
        MultiLayerNetwork dl4j = twins.dl4j(), fused = twins.fused();
        assertEquals(2, twins.fusedLayers());
        assertEquals(dl4j.params(), fused.params());

        List<Windows.Window> order = windows.epochOrder(1L, 0);
        for (int b = 0; b < 4; b++) {
            DataSet ds = windows.batch(order.subList(b * 6, b * 6 + 6), b);
            assertNull(ds.getFeaturesMaskArray(), "full windows: the fused path is the one taken");
            Nd4j.getRandom().setSeed(100 + b); // the same dropout masks for both
            dl4j.fit(ds);
            Nd4j.getRandom().setSeed(100 + b);
            fused.fit(ds);
            assertEquals(dl4j.score(), fused.score(), 1e-5 * Math.abs(dl4j.score()), "loss of batch " + b);
            assertClose(dl4j.params(), fused.params(), 1e-4, "weights after batch " + b);
        }
        for (int l = shape.firstLstmIndex(); l < shape.firstLstmIndex() + 2; l++) {
            FusedLstmHelper helper = FusedLstmHelper.of(fused.getLayer(l));
            assertNotNull(helper);
            // one forward pass per batch, reused by backprop instead of computed twice
            assertEquals(4, helper.forwardPasses(), "layer " + l);
            assertEquals(4, helper.reusedPasses(), "layer " + l);
        }

        // inference is DL4J's own path, and gives what DL4J gives for these weights
        INDArray features = windows.batch(order.subList(0, 3)).getFeatures();
        INDArray expected = dl4j.output(features, false);
        INDArray actual = fused.output(features, false);
        assertClose(expected, actual, 1e-4, "inference output");
        assertEquals(4, FusedLstmHelper.of(fused.getLayer(shape.firstLstmIndex())).forwardPasses());
    }

    @Test
    void twoLanesOnTwoThreadsTrainTheSameWeightsAndTheSameEveryTime() throws Exception {
        Windows windows = realWindows();
        NetworkShape shape = new NetworkShape(vocab, 8, 2, 20, 0, 0.25);
        Twins twins = twins(shape, 11L, 2);
        MultiLayerNetwork dl4j = twins.dl4j(), fused = twins.fused();
        MultiLayerNetwork again = NetworkFactory.build(shape, 11L, new Adam(1e-2), 1.0);
        FusedLstmHelper.install(again, 2);
        List<Windows.Window> order = windows.epochOrder(2L, 0);
        for (int b = 0; b < 3; b++) {
            // 7 windows: lanes of 4 and 3
            DataSet ds = windows.batch(order.subList(b * 7, b * 7 + 7), b);
            for (MultiLayerNetwork n : List.of(dl4j, fused, again)) {
                Nd4j.getRandom().setSeed(200 + b);
                n.fit(ds);
            }
            assertEquals(dl4j.score(), fused.score(), 1e-5 * Math.abs(dl4j.score()), "loss of batch " + b);
            assertClose(dl4j.params(), fused.params(), 1e-4, "weights after batch " + b);
            assertEquals(fused.params(), again.params(), "the same lanes give the same bits");
        }
        FusedLstmHelper helper = FusedLstmHelper.of(fused.getLayer(shape.firstLstmIndex() + 1));
        assertEquals(3, helper.reusedPasses(), "the fused pass was used (DL4J falls back silently when a helper fails)");
        assertEquals(2, helper.lanes());
    }

    @Test
    void aBatchWithPaddedWindowsTrainsTheSameWeightsToo() throws Exception {
        Windows windows = realWindows();
        NetworkShape shape = new NetworkShape(vocab, 8, 1, 16, 0, 0.0);
        Twins twins = twins(shape, 3L);
        MultiLayerNetwork dl4j = twins.dl4j(), fused = twins.fused();
        Windows.Window full = windows.windows().get(0);
        DataSet padded = windows.batch(List.of(full, new Windows.Window(full.stream(), full.start(), 9)));
        assertNotNull(padded.getFeaturesMaskArray());
        dl4j.fit(padded);
        fused.fit(padded);
        assertClose(dl4j.params(), fused.params(), 1e-5, "weights after a masked batch");
        // DL4J's forward LSTM reads no mask (padding is masked at the loss), so the fused path took this batch too
        assertEquals(1, FusedLstmHelper.of(fused.getLayer(shape.firstLstmIndex())).forwardPasses());
        assertEquals(1, FusedLstmHelper.of(fused.getLayer(shape.firstLstmIndex())).reusedPasses(),
                "backprop used the fused pass (DL4J falls back to its own path, silently, when a helper fails)");
    }

    @Test
    void anUnknownChoiceOfLstmPathIsRefusedInOneLine() {
        String was = System.getProperty(FusedLstmHelper.PROPERTY);
        System.setProperty(FusedLstmHelper.PROPERTY, "cudnn");
        try {
            MultiLayerNetwork network = NetworkFactory.build(new NetworkShape(10, 4, 1, 8, 0, 0.0), 1L, new Adam(1e-3), 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FusedLstmHelper.installIfEnabled(network, 1));
            assertEquals("-Dcadenza.lstm=cudnn is not a choice (fused or dl4j)", e.getMessage());
            System.setProperty(FusedLstmHelper.PROPERTY, "dl4j");
            assertEquals(0, FusedLstmHelper.installIfEnabled(network, 1));
            assertNull(FusedLstmHelper.of(network.getLayer(1)));
        } finally {
            if (was == null) System.clearProperty(FusedLstmHelper.PROPERTY); else System.setProperty(FusedLstmHelper.PROPERTY, was);
        }
    }

    /** Two networks with the same initial weights; the second trains its LSTM layers with the fused path. */
    private record Twins(MultiLayerNetwork dl4j, MultiLayerNetwork fused, int fusedLayers) {
    }

    private static Twins twins(NetworkShape shape, long seed) {
        return twins(shape, seed, 1);
    }

    private static Twins twins(NetworkShape shape, long seed, int lanes) {
        MultiLayerNetwork dl4j = NetworkFactory.build(shape, seed, new Adam(1e-2), 1.0);
        MultiLayerNetwork fused = NetworkFactory.build(shape, seed, new Adam(1e-2), 1.0);
        return new Twins(dl4j, fused, FusedLstmHelper.install(fused, lanes));
    }

    /** Windows of 16 tokens (stride 8) of two real pieces, the halves of Für Elise. */
    private Windows realWindows() throws Exception {
        TrainingSettings s = TinyRuns.tiny(TinyRuns.twoPieces(dir), 1, 0.0);
        TrainingData data = TrainingData.prepare(new CorpusReader(MidiReader.forEncoding(s.encodingWithOptions()))
                .read(Path.of(s.corpus())), s);
        vocab = data.vocabulary().size();
        return new Windows(data.trainStreams(), 16, 8, vocab, s.mode());
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance * scale, what + ": largest difference " + diff);
    }
}
