package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.cadenza.runtime.codec.ClassicEncoding;

/** The tutorial's setup at tiny sizes: its input, its head, its windows, trained for real on two short pieces. */
class TutorialPresetTest {
    @TempDir
    Path dir;

    /** The tutorial preset with sizes small enough for a test: 2 x LSTM 12, dense 6, windows of 8, 2 epochs. */
    static TrainingSettings tinyTutorial(Path corpus) {
        TrainingSettings t = Presets.byName("tutorial");
        return new TrainingSettings(corpus.toString(), t.encoding(), "tutorial", t.embedding(), 2, 12, 6, t.dropout(),
                8, t.stride(), 16, t.updater(), 1e-2, t.clip(), 2, 0, 7L, 0, 0.5, 1, t.mode(), 6,
                t.scaledInput(), t.batchNorm());
    }

    @Test
    void thePresetIsTheTutorialsSetup() {
        TrainingSettings t = Presets.byName("tutorial");
        assertEquals(ClassicEncoding.NAME, t.encoding());
        assertEquals(List.of(3, 512, 256, 100, 1, 128, 200), List.of(t.layers(), t.hidden(), t.dense(), t.window(),
                t.stride(), t.batch(), t.epochs()));
        assertEquals(0.3, t.dropout());
        assertEquals("rmsprop", t.updater());
        assertEquals(TrainingSettings.Mode.MANY_TO_ONE, t.mode());
        assertTrue(t.scaledInput() && t.batchNorm());
        assertEquals(1, t.embedding());
    }

    @Test
    void tinyTutorialRunTrainsTheTutorialsNetwork() throws Exception {
        Path corpus = TinyRuns.twoPieces(dir);
        TrainingSession session = TrainingSession.start(tinyTutorial(corpus), dir.resolve("run"));
        TrainingResult result = session.train(new Trainer(), TrainingListener.NONE);
        assertEquals(TrainingResult.Outcome.COMPLETED, result.outcome(), result.message());

        RunFolder run = RunFolder.open(dir.resolve("run"));
        MultiLayerNetwork net = run.loadNetwork(Checkpoint.LAST);
        List<Class<?>> layers = java.util.Arrays.stream(net.getLayers()).<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(EmbeddingSequenceLayer.class, LSTM.class, LSTM.class, BatchNormalization.class,
                DenseLayer.class, BatchNormalization.class, RnnOutputLayer.class), layers);
        assertEquals(run.shape().vocabulary(), net.getLayer(run.shape().outputIndex()).getParam("W").size(1));

        // The input is id / vocabulary, one number per step, and training leaves it so.
        INDArray table = net.getLayer(0).getParam("W");
        int vocab = run.vocabulary().size();
        assertEquals(1, table.size(1));
        for (int id = 0; id < vocab; id++) assertEquals(id / (double) vocab, table.getDouble(id, 0), 1e-7);

        // Batch normalisation learnt running statistics of the LSTM output (they start at mean 0, variance 1).
        INDArray mean = net.getLayer(3).getParam("mean");
        assertTrue(mean.norm1Number().doubleValue() > 0, "running mean moved: " + mean);

        List<EpochMetrics> rows = new MetricsLog(run.metricsFile(), 99).rows();
        assertEquals(2, rows.size());
        // Many-to-one: each batch of 16 windows has 16 targets, one per window.
        assertEquals(rows.get(0).windows(), rows.get(0).tokens());
        assertTrue(Double.isFinite(rows.get(1).valLoss()), rows.toString());
    }

    @Test
    void manyToOneValidationScoresOnlyTheLastStepOfEveryWindow() {
        int[] stream = new int[30];
        for (int i = 0; i < stream.length; i++) stream[i] = 4 + i % 5;
        Validator v = new Validator(List.of(stream), 8, 9, 4, TrainingSettings.Mode.MANY_TO_ONE);
        assertEquals(30 - 1 - 8 + 1, v.windowCount()); // stride 1, every full window with a token after it
        MultiLayerNetwork net = NetworkFactory.build(new NetworkShape(9, 1, 1, 6, 4, 0.0, true, true), 1,
                new org.nd4j.linalg.learning.config.RmsProp(1e-3), 0);
        assertEquals(v.windowCount(), v.evaluate(net).tokens());
    }
}
