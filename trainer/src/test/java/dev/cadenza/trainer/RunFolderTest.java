package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.io.AtomicFiles;

class RunFolderTest {
    @TempDir
    Path dir;

    private RunFolder tinyRun() throws Exception {
        Path corpus = TinyRuns.twoPieces(dir);
        TrainingSession session = TrainingSession.start(TinyRuns.tiny(corpus, 1, 0.0), dir.resolve("run"));
        session.train(new Trainer(), TrainingListener.NONE);
        return RunFolder.open(dir.resolve("run"));
    }

    @Test
    void openNamesTheFolderAndEveryMissingFile() throws Exception {
        RunFolder run = tinyRun();
        Files.delete(run.dir().resolve(RunFolder.VOCABULARY));
        Files.delete(run.dir().resolve(RunFolder.SPLIT));
        IOException e = assertThrows(IOException.class, () -> RunFolder.open(run.dir()));
        assertEquals(run.dir() + ": not a complete run folder, missing vocabulary.json, split.json", e.getMessage());

        IOException none = assertThrows(IOException.class, () -> RunFolder.open(dir.resolve("nothing")));
        assertTrue(none.getMessage().contains("nothing") && none.getMessage().contains("no such folder"), none.getMessage());
    }

    @Test
    void aBrokenSettingsFileIsNamed() throws Exception {
        RunFolder run = tinyRun();
        Files.writeString(run.dir().resolve(RunFolder.SETTINGS), "{\"window\": ");
        IOException e = assertThrows(IOException.class, () -> RunFolder.open(run.dir()));
        assertTrue(e.getMessage().startsWith(run.dir().resolve(RunFolder.SETTINGS) + ": unreadable"), e.getMessage());
    }

    @Test
    void aCheckpointWriteThatFailsHalfwayLeavesTheOldCheckpointWhole() throws Exception {
        RunFolder run = tinyRun();
        Path last = run.checkpointFile(Checkpoint.LAST);
        byte[] before = Files.readAllBytes(last);
        var network = run.loadNetwork(Checkpoint.LAST);
        // What a full disk does: the new checkpoint's bytes start to go out, then the write fails.
        IOException full = assertThrows(IOException.class, () -> AtomicFiles.write(last, out -> {
            ModelSerializer.writeModel(network, new java.io.FilterOutputStream(out) {
                long written;

                @Override
                public void write(int b) throws IOException {
                    if (++written > 10_000) throw new IOException("No space left on device");
                    super.write(b);
                }
            }, true);
        }));
        assertTrue(full.getMessage().contains("No space left"));
        assertArrayEquals(before, Files.readAllBytes(last));
        assertEquals(List.of("best.zip", "last.zip"), Files.list(last.getParent()).map(p -> p.getFileName().toString()).sorted().toList(),
                "no temporary file left behind");
        assertEquals(run.shape().vocabulary(), run.loadNetwork(Checkpoint.LAST).getLayer(run.shape().outputIndex()).getParam("W").size(1));
    }
}
