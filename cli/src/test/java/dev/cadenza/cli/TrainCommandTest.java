package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.trainer.Checkpoint;
import dev.cadenza.trainer.FusedLstmHelper;
import dev.cadenza.trainer.MetricsLog;
import dev.cadenza.trainer.RunFolder;

class TrainCommandTest {
    static final Path SONGS = SmallCorpus.path();

    @TempDir
    Path dir;

    private Path corpus() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.copy(SONGS.resolve("satie-gymnopedie-no1.mid"), corpus.resolve("satie.mid"));
        Files.copy(SONGS.resolve("fur-elise.mid"), corpus.resolve("fur-elise.mid"));
        return corpus;
    }

    private static CliRun train(Path corpus, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--corpus", corpus.toString(), "--out", out.toString(),
                "--preset", "tiny", "--epochs", "1", "--threads", "1"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void trainsOneEpochListsSkippedFilesAndResumesForASecond() throws Exception {
        Path corpus = corpus();
        Files.writeString(corpus.resolve("broken.mid"), "not midi");
        Path out = dir.resolve("run");
        CliRun run = train(corpus, out, "--hidden", "12");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("skipped " + corpus.resolve("broken.mid") + ": not a MIDI file"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("epoch   1  train ") && l.contains("n-gram")), run.out());
        RunFolder folder = RunFolder.open(out);
        assertEquals(12, folder.settings().hidden(), "override applied");
        assertEquals(1, folder.state().epochsDone());
        // one line at the end, exactly when the network is worse than the 3-gram baseline
        boolean worse = folder.state().bestValLoss() > folder.state().ngramValLoss();
        assertEquals(worse, run.out().contains("warning: best validation loss"), run.out());
        assertTrue(folder.hasCheckpoint(Checkpoint.BEST) && folder.hasCheckpoint(Checkpoint.LAST));
        assertEquals(List.of("broken.mid"), folder.corpusFingerprint().skipped().stream().map(s -> s.name()).toList());

        CliRun again = CliRun.of("train", "--out", out.toString(), "--resume", "--epochs", "2");
        assertEquals(0, again.exitCode(), again.err() + again.out());
        assertTrue(again.out().contains("resuming " + out + " at epoch 2"), again.out());
        assertEquals(2, RunFolder.open(out).state().epochsDone());

        CliRun changed = CliRun.of("train", "--out", out.toString(), "--resume", "--epochs", "3", "--hidden", "20");
        assertEquals(1, changed.exitCode());
        assertTrue(changed.err().contains("cannot resume") && changed.err().contains("hidden was 12, now 20"), changed.err());

        CliRun overwrite = train(corpus, out);
        assertEquals(1, overwrite.exitCode());
        assertTrue(overwrite.err().contains("already holds a run"), overwrite.err());
    }

    @Test
    void badInputIsOneClearLine() throws Exception {
        Path corpus = corpus();
        assertOneLine(train(dir.resolve("nowhere"), dir.resolve("r1")), "corpus folder not found");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertOneLine(train(empty, dir.resolve("r2")), "no usable MIDI file");
        assertOneLine(train(corpus, dir.resolve("r3"), "--window", "100000"), "longer than every training piece");
        assertOneLine(train(corpus, dir.resolve("r4"), "--dropout", "1.5"), "dropout must be in [0, 1)");
        assertOneLine(CliRun.of("train", "--resume"), "--resume needs --out");
        assertOneLine(CliRun.of("train", "--resume", "--out", dir.resolve("r5").toString()), "not a run folder");
        Path single = Files.createDirectories(dir.resolve("single"));
        Files.copy(SONGS.resolve("satie-gymnopedie-no1.mid"), single.resolve("satie.mid"));
        assertOneLine(train(single, dir.resolve("r6")), "training needs at least 2");
    }

    @Test
    void bothLstmPathsTrainTheSameNetworkAndAnUnknownPathIsOneLine() throws Exception {
        Path corpus = corpus();
        try {
            CliRun fused = train(corpus, dir.resolve("fused"), "--lstm", "fused", "--profile");
            assertEquals(0, fused.exitCode(), fused.err() + fused.out());
            CliRun dl4j = train(corpus, dir.resolve("dl4j"), "--lstm", "dl4j", "--profile");
            assertEquals(0, dl4j.exitCode(), dl4j.err() + dl4j.out());
            // --profile: where the epoch's time went, broken down for the fused LSTM only
            assertTrue(fused.out().lines().anyMatch(l -> l.startsWith("profile epoch 1: ") && l.contains("per-step products")
                    && l.contains("gate math") && l.contains("garbage collection") && l.contains("validation")), fused.out());
            assertTrue(dl4j.out().lines().anyMatch(l -> l.startsWith("profile epoch 1: ") && l.contains("not broken down")), dl4j.out());
            double a = new MetricsLog(RunFolder.open(dir.resolve("fused")).metricsFile(), 9).rows().get(0).valLoss();
            double b = new MetricsLog(RunFolder.open(dir.resolve("dl4j")).metricsFile(), 9).rows().get(0).valLoss();
            assertEquals(b, a, 1e-4, "one epoch of the same batches: the same validation loss up to rounding");
        } finally {
            System.clearProperty(FusedLstmHelper.PROPERTY); // the option sets it for the rest of the process
        }
        CliRun bad = train(corpus, dir.resolve("bad"), "--lstm", "cudnn");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().lines().findFirst().orElse("").contains("Invalid value for option '--lstm'"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written");
    }

    @Test
    void wholePieceAndRegularisationOptionsRefuseWhatTheyCannotDoInOneLine() throws Exception {
        Path corpus = corpus();
        assertOneLine(train(corpus, dir.resolve("j"), "--velocity-jitter"), "velocity jitter needs velocity bins");
        assertOneLine(train(corpus, dir.resolve("w"), "--weight-decay", "-0.1"), "weight decay must be 0 (off) or in (0, 1)");
        try {
            assertOneLine(train(corpus, dir.resolve("d"), "--context", "piece", "--lstm", "dl4j"),
                    "--context piece needs the fused LSTM");
            assertFalse(Files.exists(dir.resolve("d")), "nothing written");
        } finally {
            System.clearProperty(FusedLstmHelper.PROPERTY);
        }
    }

    private static void assertOneLine(CliRun run, String expected) {
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    /** Real output of 'cadenza spark prepare' (three pieces), kept with the trainer's tests. */
    static final Path SHARDS = Path.of("..", "trainer", "src", "test", "resources", "shards");

    @Test
    void trainsFromShardsWithTheirEncodingAndRefusesEncodingOptionsBesideThem() throws Exception {
        Path out = dir.resolve("shard-run");
        CliRun run = CliRun.of("train", "--shards", SHARDS.toString(), "--out", out.toString(), "--preset", "tiny",
                "--epochs", "1", "--threads", "1", "--shuffle-buffer", "32");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("shards " + SHARDS + ": 2 training pieces (streamed), 1 validation"), run.out());
        RunFolder folder = RunFolder.open(out);
        assertEquals(1, folder.state().epochsDone());
        assertTrue(folder.settings().sustainPedal(), "the shards' encoding (pedal read) is the run's");
        CliRun more = CliRun.of("train", "--resume", "--out", out.toString(), "--epochs", "2", "--threads", "1");
        assertEquals(0, more.exitCode(), more.err() + more.out());
        assertEquals(2, RunFolder.open(out).state().epochsDone(), "--resume continues a shards run");

        CliRun refused = CliRun.of("train", "--shards", SHARDS.toString(), "--encoding", "classic", "--out",
                dir.resolve("other").toString());
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().startsWith("error: --shards: ") && refused.err().strip().lines().count() == 1, refused.err());
        assertFalse(Files.exists(dir.resolve("other")));
    }
}
