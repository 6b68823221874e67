package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run on whole pieces with every augmentation on: resumable exactly, validated on whole pieces. */
class WholePieceTrainingTest {
    @TempDir
    Path dir;

    private TrainingSettings settings(int epochs) throws Exception {
        Path corpus = TinyRuns.twoPieces(dir);
        return TinyRuns.tiny(corpus, epochs, 0.2, 1).toBuilder().context(TrainingSettings.Context.PIECE).batch(2)
                .velocityBins(4).velocityJitter(true).weightDecay(0.01).build();
    }

    @Test
    void aRunInterruptedMidEpochResumesToTheStraightRunAndPicksBestByWholePieces() throws Exception {
        TrainingSettings two = settings(2);
        Path straight = dir.resolve("straight");
        TrainingResult done = TrainingSession.start(two, straight).train(new Trainer(), TrainingListener.NONE);
        assertEquals(TrainingResult.Outcome.COMPLETED, done.outcome(), done.message());

        Path cut = dir.resolve("cut");
        Trainer trainer = new Trainer();
        TrainingResult first = TrainingSession.start(two, cut).train(trainer, new TrainingListener() {
            @Override
            public void batchDone(int epoch, int batch, double loss) {
                if (epoch == 2 && batch == 7) trainer.requestStop();
            }
        });
        assertEquals(TrainingResult.Outcome.INTERRUPTED, first.outcome());
        RunFolder run = RunFolder.open(cut);
        assertEquals(7, run.state().batchesDone());
        assertTrue(Files.isRegularFile(run.carriedStateFile()), "the carried state is kept for the resume");
        TrainingSession.resume(cut, two).train(new Trainer(), TrainingListener.NONE);
        TrainerTest.assertSameRun(straight, cut);

        List<EpochMetrics> rows = new MetricsLog(RunFolder.open(straight).metricsFile(), 9).rows();
        RunState state = RunFolder.open(straight).state();
        for (EpochMetrics m : rows) {
            assertTrue(Double.isFinite(m.valPieceLoss()) && m.valPieceLoss() < Math.log(RunFolder.open(straight).vocabulary().size()) + 1,
                    "whole-piece validation loss " + m.valPieceLoss());
            assertTrue(m.trainLoss() < 2 * Math.log(RunFolder.open(straight).vocabulary().size()), "training loss without the penalty: " + m.trainLoss());
        }
        assertEquals(rows.get(state.bestEpoch() - 1).valPieceLoss(), state.bestValLoss(), 1e-5, "best is chosen by whole pieces");
        assertTrue(Files.readString(RunFolder.open(straight).metricsFile()).lines().findFirst().orElseThrow().endsWith(",val_piece_loss"));
    }

    @Test
    void aResumeWithoutTheCarriedStateFileSaysWhy() throws Exception {
        TrainingSettings two = settings(2);
        Path cut = dir.resolve("cut");
        Trainer trainer = new Trainer();
        TrainingSession.start(two, cut).train(trainer, new TrainingListener() {
            @Override
            public void batchDone(int epoch, int batch, double loss) {
                if (epoch == 1 && batch == 3) trainer.requestStop();
            }
        });
        Files.delete(RunFolder.open(cut).carriedStateFile());
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> TrainingSession.resume(cut, two).train(new Trainer(), TrainingListener.NONE));
        assertTrue(e.getMessage().contains("last-state.bin is missing"), e.getMessage());
    }

    @Test
    void weightDecayShrinksTheWeightsTheGradientAloneWouldLeave() throws Exception {
        TrainingSettings base = settings(1).toBuilder().context(TrainingSettings.Context.WINDOW).velocityJitter(false)
                .transpose(0).dropout(0).weightDecay(0).build();
        Path plain = dir.resolve("plain"), decayed = dir.resolve("decayed");
        TrainingSession.start(base, plain).train(new Trainer(), TrainingListener.NONE);
        TrainingSession.start(base.toBuilder().weightDecay(0.5).build(), decayed).train(new Trainer(), TrainingListener.NONE);
        double a = RunFolder.open(plain).loadNetwork(Checkpoint.LAST).getLayer(1).getParam("RW").norm2Number().doubleValue();
        double b = RunFolder.open(decayed).loadNetwork(Checkpoint.LAST).getLayer(1).getParam("RW").norm2Number().doubleValue();
        assertTrue(b < 0.97 * a, "recurrent weights' norm with decay " + b + ", without " + a);
    }
}
