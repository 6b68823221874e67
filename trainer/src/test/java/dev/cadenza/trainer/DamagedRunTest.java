package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run folders as a crash, a full disk or a hostile user leave them: each must give a message that says what is wrong,
 * never an OutOfMemoryError or a library's internals.
 */
class DamagedRunTest {
    @TempDir
    static Path shared;

    /** One tiny trained run, copied for each test that damages it. */
    private static Path trained;
    private static Path corpus;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() throws Exception {
        corpus = TinyRuns.twoPieces(shared);
        trained = shared.resolve("run");
        TrainingSession.start(TinyRuns.tiny(corpus, 1, 0.0), trained).train(new Trainer(), TrainingListener.NONE);
    }

    private Path copy() throws IOException {
        Path to = dir.resolve("run");
        try (var walk = Files.walk(trained)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(trained.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }

    private static Path last(Path run) {
        return run.resolve(RunFolder.CHECKPOINTS).resolve(Checkpoint.LAST.fileName());
    }

    private static String resumeError(Path run) {
        Exception e = assertThrows(Exception.class, () -> TrainingSession.resume(run, TinyRuns.tiny(corpus, 2, 0.0)));
        return e.getMessage();
    }

    @Test
    void aHalfWrittenLastZipSaysTheCheckpointIsTruncated() throws Exception {
        Path run = copy();
        byte[] whole = Files.readAllBytes(last(run));
        Files.write(last(run), Arrays.copyOf(whole, whole.length / 2));
        String message = resumeError(run);
        assertTrue(message.startsWith(last(run) + ": not a complete zip file"), message);
        assertTrue(message.contains("truncated or damaged"), message);
    }

    @Test
    void anEmptyLastZipSaysItIsEmpty() throws Exception {
        Path run = copy();
        Files.write(last(run), new byte[0]);
        assertEquals(last(run) + ": empty file (0 bytes); the checkpoint was never completely written", resumeError(run));
    }

    @Test
    void aDeletedStateJsonIsNamedInsteadOfClaimingThereIsNoCheckpoint() throws Exception {
        Path run = copy();
        Files.delete(run.resolve(RunFolder.STATE));
        String message = resumeError(run);
        assertTrue(message.startsWith(run + ": state.json is missing although checkpoints/last.zip exists"), message);
    }

    @Test
    void aZipBombCheckpointIsRefusedBeforeDl4jInflatesIt() throws Exception {
        Path run = copy();
        Path bomb = last(run);
        rewrite(bomb, (name, bytes, zip) -> {
            if (!name.equals(CheckpointFile.CONFIGURATION)) {
                zip.write(bytes);
                return;
            }
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 40; i++) zip.write(spaces); // 40 MB of whitespace, a few tens of KB compressed
            zip.write(bytes);
        });
        assertTrue(Files.size(bomb) < 2_000_000, "the bomb stays small on disk");
        IOException e = assertThrows(IOException.class, () -> RunFolder.open(run).loadNetwork(Checkpoint.LAST));
        assertTrue(e.getMessage().startsWith(bomb + ": entry 'configuration.json' inflates to more than 8 MB"), e.getMessage());
    }

    @Test
    void aConfigurationClaimingHugeLayersIsRefusedBeforeDl4jAllocatesThem() throws Exception {
        Path run = copy();
        rewrite(last(run), (name, bytes, zip) -> {
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            zip.write(name.equals(CheckpointFile.CONFIGURATION)
                    ? text.replaceFirst("\"nout\" : \\d+", "\"nout\" : 2000000000").getBytes(java.nio.charset.StandardCharsets.UTF_8) : bytes);
        });
        IOException e = assertThrows(IOException.class, () -> RunFolder.open(run).loadNetwork(Checkpoint.LAST));
        assertTrue(e.getMessage().contains("declares a layer of 2000000000 units"), e.getMessage());
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointCanBeStartedAgainOrResumed() throws Exception {
        Path run = dir.resolve("killed");
        // What a kill during the first epoch leaves: the run's description and no state or checkpoint.
        TrainingSession.start(TinyRuns.tiny(corpus, 1, 0.0), run);
        assertTrue(TrainingSession.neverSaved(run));

        TrainingResult resumed = TrainingSession.resume(run, TinyRuns.tiny(corpus, 1, 0.0)).train(new Trainer(), TrainingListener.NONE);
        assertEquals(TrainingResult.Outcome.COMPLETED, resumed.outcome());
        assertEquals(1, resumed.state().epochsDone());

        Path again = dir.resolve("killed-again");
        TrainingSession.start(TinyRuns.tiny(corpus, 1, 0.0), again);
        TrainingResult restarted = TrainingSession.start(TinyRuns.tiny(corpus, 1, 0.0), again).train(new Trainer(), TrainingListener.NONE);
        assertEquals(TrainingResult.Outcome.COMPLETED, restarted.outcome());
        assertFalse(TrainingSession.neverSaved(again));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TrainingSession.start(TinyRuns.tiny(corpus, 1, 0.0), again));
        assertTrue(refused.getMessage().contains("already holds a run"), "a run with a checkpoint is never overwritten");
    }

    @Test
    void aRunKilledWhileWritingItsFirstCheckpointCanBeResumedOrRestartedAndItsTemporaryFilesGo() throws Exception {
        for (boolean resume : new boolean[] {true, false}) {
            Path run = copy();
            // What a kill while saving the first epoch leaves: best.zip written, last.zip half way as a temporary
            // file of a process that is gone, no state.json.
            Process dead = new ProcessBuilder("true").start();
            dead.waitFor();
            Path half = run.resolve(RunFolder.CHECKPOINTS).resolve(".last.zip.cadenza-" + dead.pid() + "-5eed.tmp");
            Files.move(last(run), half);
            Files.delete(run.resolve(RunFolder.STATE));
            assertTrue(TrainingSession.neverSaved(run), "a save that never finished counts as none");
            assertEquals(java.util.List.of(half), TrainingSession.removeLeftovers(run));
            TrainingSession session = resume ? TrainingSession.resume(run, TinyRuns.tiny(corpus, 1, 0.0))
                    : TrainingSession.start(TinyRuns.tiny(corpus, 1, 0.0), run);
            TrainingResult result = session.train(new Trainer(), TrainingListener.NONE);
            assertEquals(TrainingResult.Outcome.COMPLETED, result.outcome(), resume ? "resumed" : "restarted");
            try (var files = Files.list(run.resolve(RunFolder.CHECKPOINTS))) {
                assertEquals(java.util.List.of("best.zip", "last.zip"), files.map(p -> p.getFileName().toString()).sorted().toList());
            }
            deleteTree(run);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private interface EntryWriter {
        void write(String name, byte[] bytes, OutputStream zip) throws IOException;
    }

    /** Rewrites a zip entry by entry through {@code writer}. */
    private static void rewrite(Path file, EntryWriter writer) throws IOException {
        Path tmp = file.resolveSibling("rewritten.zip");
        try (ZipFile in = new ZipFile(file.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                writer.write(e.getName(), in.getInputStream(e).readAllBytes(), out);
                out.closeEntry();
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
