package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training from token shards. The fixture under src/test/resources/shards is real output of
 * {@code cadenza spark prepare} (Spark 3.5, three pieces of midi_songs/: Satie, Bach, Peacherine Rag;
 * --validation-share 0.34), so these tests also hold the trainer's reader to what Spark writes.
 */
class ShardTrainingTest {
    static final Path SHARDS = Path.of("src/test/resources/shards");

    @TempDir
    Path dir;

    private static TrainingSettings tiny(int epochs) throws Exception {
        TrainingSettings t = TinyRuns.tiny(SHARDS, epochs, 0.0);
        return t.withEncoding(ShardFolder.open(SHARDS).encoding());
    }

    /** Every training window of the shards, cut in memory the way the folder path cuts them. */
    private static long windowsInMemory(TrainingSettings s, ShardTraining training) throws Exception {
        ShardFolder shards = ShardFolder.open(SHARDS);
        List<int[]> streams = new ArrayList<>();
        for (Path shard : shards.shards()) {
            try (ShardFolder.Reader r = shards.read(shard)) {
                for (ShardFolder.Piece p; (p = r.next()) != null; ) {
                    if (!p.validation()) streams.add(training.data().vocabulary().ids(TrainingData.framed(p.tokens(s.encodingWithOptions()))));
                }
            }
        }
        return new Windows(streams, s.window(), s.stride(), training.data().vocabulary().size(), s.mode()).size();
    }

    @Test
    void anEpochStreamsEveryWindowOnceThroughASmallShuffleBufferReproducibly() throws Exception {
        TrainingSettings s = tiny(1);
        ShardTraining training = ShardTraining.prepare(ShardFolder.open(SHARDS), s, 7);
        assertEquals(windowsInMemory(s, training), training.windows().windows());

        List<float[]> first = features(training.windows(), 0);
        long seen = first.stream().mapToLong(f -> f.length / s.window()).sum();
        assertEquals(training.windows().windows(), seen, "every window once, with a buffer of 7");
        List<float[]> again = features(training.windows(), 0);
        for (int i = 0; i < first.size(); i++) assertTrue(java.util.Arrays.equals(first.get(i), again.get(i)), "same seed, same epoch, same batches");
        assertFalse(java.util.Arrays.equals(first.get(0), features(training.windows(), 1).get(0)), "another epoch, another order");
        assertEquals(1, training.data().split().validation().size());
        assertEquals(2, training.data().split().train().size());
    }

    @Test
    void theShuffleBufferNeverHoldsMoreThanItsSizeWhileEveryWindowPassesThrough() throws Exception {
        TrainingSettings s = tiny(1);
        ShardTraining training = ShardTraining.prepare(ShardFolder.open(SHARDS), s, 7);
        long total = training.windows().windows();
        int longestPiece = 0;
        ShardFolder shards = ShardFolder.open(SHARDS);
        for (Path shard : shards.shards()) {
            try (ShardFolder.Reader r = shards.read(shard)) {
                for (ShardFolder.Piece p; (p = r.next()) != null; ) {
                    if (!p.validation()) longestPiece = Math.max(longestPiece, ShardWindows.count(p.tokens().size() + 2,
                            s.window(), s.stride(), s.mode()));
                }
            }
        }
        try (ShardWindows.ShardEpoch e = training.windows().epoch(5, 0, 4)) {
            long batches = 0;
            while (e.next(0) != null) {
                batches++;
                ShardWindows.Held held = e.held();
                assertTrue(held.buffer() <= 7, "the buffer held " + held.buffer() + " windows after batch " + batches);
                assertTrue(held.pending() <= longestPiece, "more than one piece's windows waited: " + held.pending());
            }
            assertEquals(total, e.held().passed(), "every window passed through the buffer");
            assertTrue(total > 50 * 7, "many more windows than the buffer holds passed: " + total);
        }
    }

    private static List<float[]> features(ShardWindows windows, int epoch) throws Exception {
        List<float[]> out = new ArrayList<>();
        try (WindowSource.Epoch e = windows.epoch(5, epoch, 4)) {
            for (WindowSource.Batch b; (b = e.next(0)) != null; ) out.add(b.data().getFeatures().dup().data().asFloat());
        }
        return out;
    }

    @Test
    void aTinyNetworkTrainsFromShards() throws Exception {
        Path out = dir.resolve("run");
        TrainingSession session = TrainingSession.startFromShards(tiny(2), out, 64);
        TrainingResult result = session.train(new Trainer(), TrainingListener.NONE);
        assertEquals(TrainingResult.Outcome.COMPLETED, result.outcome(), result.message());
        RunFolder run = RunFolder.open(out);
        List<EpochMetrics> rows = new MetricsLog(run.metricsFile(), 99).rows();
        assertEquals(2, rows.size());
        // Three pieces of three styles: the held-out one is hardly predictable after two epochs, so what is checked is
        // that the streamed windows teach the network (train loss well under a uniform guess) and all are seen.
        assertTrue(rows.get(1).trainLoss() < rows.get(0).trainLoss(), "train loss " + rows);
        assertTrue(rows.get(1).trainLoss() < Math.log(run.vocabulary().size()) - 0.5, "better than uniform: " + rows);
        assertTrue(Double.isFinite(rows.get(1).valLoss()) && Double.isFinite(rows.get(0).ngramValLoss()));
        long windows = ShardTraining.prepare(ShardFolder.open(SHARDS), tiny(2), 64).windows().windows();
        assertEquals(windows, rows.get(0).windows());
        assertEquals(windows, rows.get(1).windows());
        assertEquals(session.data().split(), run.split());
    }

    @Test
    void anInterruptedShardsRunResumesToTheUninterruptedRunsWeightsAndOptimizerState() throws Exception {
        TrainingSettings two = tiny(2);
        Path straight = dir.resolve("straight");
        TrainingSession.startFromShards(two, straight, 5).train(new Trainer(), TrainingListener.NONE);

        Path cut = dir.resolve("cut");
        Trainer trainer = new Trainer();
        TrainingResult first = TrainingSession.startFromShards(two, cut, 5).train(trainer, new TrainingListener() {
            @Override
            public void batchDone(int epoch, int batch, double loss) {
                if (epoch == 2 && batch == 3) trainer.requestStop(); // as the Ctrl-C hook does
            }
        });
        assertEquals(TrainingResult.Outcome.INTERRUPTED, first.outcome(), first.message());
        assertEquals(3, RunFolder.open(cut).state().batchesDone());

        // A buffer of 5 windows: the resumed epoch must pass over exactly the windows the first three batches took.
        TrainingSession resumed = TrainingSession.resume(cut, two);
        assertEquals(TrainingResult.Outcome.COMPLETED, resumed.train(new Trainer(), TrainingListener.NONE).outcome());
        TrainerTest.assertSameRun(straight, cut);
    }
}
