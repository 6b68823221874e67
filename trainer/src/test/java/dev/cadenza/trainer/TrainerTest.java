package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {
    @TempDir
    Path dir;

    @Test
    void lossGoesDownOnTwoRealPiecesAndTheRunFolderDescribesItself() throws Exception {
        Path corpus = TinyRuns.twoPieces(dir);
        Path out = dir.resolve("run");
        TrainingSession session = TrainingSession.start(TinyRuns.tiny(corpus, 3, 0.0), out);
        TrainingResult result = session.train(new Trainer(), TrainingListener.NONE);
        assertEquals(TrainingResult.Outcome.COMPLETED, result.outcome(), result.message());

        RunFolder run = RunFolder.open(out);
        List<EpochMetrics> rows = new MetricsLog(run.metricsFile(), 99).rows();
        assertEquals(3, rows.size());
        assertTrue(rows.get(2).trainLoss() < rows.get(0).trainLoss(), "train loss " + rows);
        assertTrue(rows.get(2).valLoss() < rows.get(0).valLoss(), "validation loss " + rows);
        assertTrue(rows.get(0).valLoss() < Math.log(run.vocabulary().size()), "better than uniform after one epoch");
        assertTrue(Double.isFinite(rows.get(0).ngramValLoss()) && rows.get(0).ngramValLoss() > 0);

        RunState state = run.state();
        assertEquals(3, state.epochsDone());
        assertTrue(state.finished());
        assertEquals("1.0.0-M2.1", state.dl4jVersion());
        assertEquals(1, run.split().validation().size());
        assertEquals(1, run.split().train().size());
        assertEquals(2, run.corpusFingerprint().files().size());
        assertEquals(64, run.corpusFingerprint().files().get(0).sha256().length());
        assertEquals(TinyRuns.tiny(corpus, 3, 0.0), run.settings());
        assertEquals(session.data().vocabulary(), run.vocabulary());
        assertEquals(1, run.validationStreams().size());
        assertEquals(4, run.validationWindows(4, 16).size());
        assertTrue(Files.size(run.chartFile()) > 1000, "loss.png written");
        assertEquals(new RunFolder.EncodingInfo("timed", run.vocabulary().encodingVersion(), 12), run.encodingInfo());
        assertTrue(Files.readString(out.resolve(RunFolder.ENCODING)).contains("\"ticksPerQuarter\" : 12"));
        assertTrue(Files.readString(run.metricsFile()).startsWith(EpochMetrics.CSV_HEADER));
        MultiLayerNetwork best = run.loadNetwork(Checkpoint.BEST);
        assertEquals(run.shape().vocabulary(), best.getLayer(run.shape().outputIndex()).getParam("W").size(1));
    }

    @Test
    void trainLossIsTheMeanCrossEntropyPerTargetLikeValidation() {
        // Same weights, no dropout: our conversion of DL4J's score must equal the loss computed from probabilities,
        // also for a batch with a padded (masked) window.
        int[] stream = new int[40];
        for (int i = 0; i < stream.length; i++) stream[i] = 4 + (i * 5) % 7;
        List<int[]> streams = List.of(stream);
        MultiLayerNetwork net = NetworkFactory.build(new NetworkShape(11, 4, 1, 8, 0, 0.0), 3,
                new org.nd4j.linalg.learning.config.Adam(1e-2), 0);
        Windows windows = new Windows(streams, 16, 16, 11, TrainingSettings.Mode.MANY_TO_MANY);
        assertEquals(List.of(16, 16, 7), windows.windows().stream().map(Windows.Window::length).toList());
        var ds = windows.batch(windows.windows());
        double score = net.score(ds, false);
        double ours = BatchLoss.perToken(score, 3, windows.targets(windows.windows()));
        double validation = new Validator(streams, 16, 11, 8).evaluate(net).loss();
        assertEquals(validation, ours, 1e-4);
    }

    @Test
    void aOneLayerLstmOf16LearnsARepeatingScale() {
        int[] scale = new int[400];
        for (int i = 0; i < scale.length; i++) scale[i] = 4 + i % 8;
        List<int[]> streams = List.of(scale);
        MultiLayerNetwork net = NetworkFactory.build(new NetworkShape(12, 8, 1, 16, 0, 0.0), 1,
                new org.nd4j.linalg.learning.config.Adam(3e-2), 1.0);
        Windows windows = new Windows(streams, 16, 4, 12, TrainingSettings.Mode.MANY_TO_MANY);
        Validator validator = new Validator(List.of(java.util.Arrays.copyOf(scale, 64)), 16, 12, 8);
        double before = validator.evaluate(net).loss();
        for (int epoch = 0; epoch < 40; epoch++) {
            List<Windows.Window> order = windows.epochOrder(1, epoch);
            for (int b = 0; b < order.size(); b += 32) {
                net.fit(windows.batch(order.subList(b, Math.min(order.size(), b + 32))));
            }
        }
        Validator.Result after = validator.evaluate(net);
        assertTrue(before > 2.0, "starts near uniform: " + before);
        // The first step of each window has no context, so it cannot be certain: allow a little.
        assertTrue(after.loss() < 0.15, "loss " + after.loss());
        assertTrue(after.accuracy() > 0.9, "accuracy " + after.accuracy());
    }

    @Test
    void resumingAfterTwoEpochsEqualsFourStraightEpochs() throws Exception {
        Path corpus = TinyRuns.twoPieces(dir);
        // Dropout and transposition on: their randomness must be reproduced too.
        TrainingSettings four = TinyRuns.tiny(corpus, 4, 0.2, 2);
        Path straight = dir.resolve("straight");
        TrainingSession.start(four, straight).train(new Trainer(), TrainingListener.NONE);

        Path split = dir.resolve("split");
        TrainingSession.start(four.withEpochs(2), split).train(new Trainer(), TrainingListener.NONE);
        assertEquals(2, RunFolder.open(split).state().epochsDone());
        TrainingResult resumed = TrainingSession.resume(split, four).train(new Trainer(), TrainingListener.NONE);
        assertEquals(TrainingResult.Outcome.COMPLETED, resumed.outcome());
        assertSameRun(straight, split);
    }

    @Test
    void anInterruptedRunLeavesALoadableLastThatResumesToTheSameResult() throws Exception {
        Path corpus = TinyRuns.twoPieces(dir);
        TrainingSettings three = TinyRuns.tiny(corpus, 3, 0.2);
        Path straight = dir.resolve("straight");
        TrainingSession.start(three, straight).train(new Trainer(), TrainingListener.NONE);

        Path cut = dir.resolve("cut");
        Trainer trainer = new Trainer();
        TrainingResult first = TrainingSession.start(three, cut).train(trainer, new TrainingListener() {
            @Override
            public void batchDone(int epoch, int batch, double loss) {
                if (epoch == 2 && batch == 3) trainer.requestStop(); // as the Ctrl-C hook does
            }
        });
        assertTrue(trainer.awaitDone(1));
        assertEquals(TrainingResult.Outcome.INTERRUPTED, first.outcome());
        RunFolder run = RunFolder.open(cut);
        assertEquals(1, run.state().epochsDone());
        assertEquals(3, run.state().batchesDone());
        assertFalse(run.state().finished());

        MultiLayerNetwork last = run.loadNetwork(Checkpoint.LAST);
        INDArray window = Nd4j.create(new float[]{1, 20, 21, 22, 23}, new long[]{1, 1, 5}, 'c');
        INDArray probs = last.output(window);
        assertArrayEquals(new long[]{1, run.vocabulary().size(), 5}, probs.shape());
        assertEquals(1.0, probs.sum(1).getDouble(0, 4), 1e-4);

        TrainingSession.resume(cut, three).train(new Trainer(), TrainingListener.NONE);
        assertSameRun(straight, cut);
    }

    @Test
    void anExplodingLossStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path corpus = TinyRuns.twoPieces(dir);
        TrainingSettings sane = TinyRuns.tiny(corpus, 1, 0.0);
        Path out = dir.resolve("run");
        TrainingSession.start(sane, out).train(new Trainer(), TrainingListener.NONE);
        byte[] good = Files.readAllBytes(RunFolder.open(out).checkpointFile(Checkpoint.LAST));
        // The run continues from a network that went bad (one weight NaN, as an overflow leaves it).
        TrainingSession session = TrainingSession.resume(out, sane.withEpochs(2));
        session.network().getLayer(1).getParam("W").putScalar(0, Double.NaN);
        TrainingResult result = session.train(new Trainer(), TrainingListener.NONE);
        assertEquals(TrainingResult.Outcome.DIVERGED, result.outcome(), result.message());
        assertTrue(result.message().contains("NaN at epoch 2, batch 1") && result.message().contains("last good checkpoint (epoch 1)"),
                result.message());
        assertArrayEquals(good, Files.readAllBytes(RunFolder.open(out).checkpointFile(Checkpoint.LAST)));
        assertTrue(RunFolder.open(out).state().finished());
    }

    static void assertSameRun(Path a, Path b) throws Exception {
        RunFolder ra = RunFolder.open(a);
        RunFolder rb = RunFolder.open(b);
        assertEquals(ra.state().epochsDone(), rb.state().epochsDone());
        assertEquals(ra.state().bestValLoss(), rb.state().bestValLoss(), 1e-5);
        MultiLayerNetwork na = ra.loadNetwork(Checkpoint.LAST);
        MultiLayerNetwork nb = rb.loadNetwork(Checkpoint.LAST);
        assertEquals(na.getLayerWiseConfigurations().getIterationCount(), nb.getLayerWiseConfigurations().getIterationCount());
        assertTrue(na.params().equalsWithEps(nb.params(), 1e-4), "weights differ");
        assertTrue(na.getUpdater().getStateViewArray().equalsWithEps(nb.getUpdater().getStateViewArray(), 1e-4),
                "optimizer state differs");
        List<EpochMetrics> ma = new MetricsLog(ra.metricsFile(), 99).rows();
        List<EpochMetrics> mb = new MetricsLog(rb.metricsFile(), 99).rows();
        assertEquals(ma.size(), mb.size());
        for (int i = 0; i < ma.size(); i++) assertEquals(ma.get(i).valLoss(), mb.get(i).valLoss(), 1e-5);
    }
}
