package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.io.CadenzaHome;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/** The tutorial's whole path at tiny sizes through the real commands: train, export, generate its way. */
class TutorialPipelineTest {
    static final Path SONGS = SmallCorpus.path();

    @TempDir
    Path dir;

    @Test
    void tinyTutorialTrainsExportsBesideItsRunAndGeneratesTheTutorialsWay() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.copy(SONGS.resolve("satie-gymnopedie-no1.mid"), corpus.resolve("satie.mid"));
        Files.copy(SONGS.resolve("fur-elise.mid"), corpus.resolve("fur-elise.mid"));
        Path run = dir.resolve("runs/tut");
        CliRun train = CliRun.of("train", "--preset", "tutorial", "--corpus", corpus.toString(), "--out", run.toString(),
                "--layers", "2", "--hidden", "12", "--dense", "6", "--window", "12", "--batch", "16", "--epochs", "1",
                "--max-batches", "3", "--threads", "1");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        assertTrue(train.out().contains("encoding classic"), train.out());

        CliRun export = CliRun.of("export", run.toString(), "--windows", "2");
        assertEquals(0, export.exitCode(), export.err() + export.out());
        Path model = dir.resolve("runs/tut.onnx"); // beside the run folder, not in ./models
        assertTrue(export.out().contains("wrote " + model), export.out());
        assertTrue(export.out().contains("DL4J output()"), export.out());

        Path out = dir.resolve("out");
        CliRun generate = CliRun.of("generate", "--model", model.toString(), "--tutorial", "--primer-from-corpus",
                corpus.toString(), "--primer-length", "12", "--length", "30", "--count", "2", "--seed", "5",
                "--out", out.toString());
        assertEquals(0, generate.exitCode(), generate.err() + generate.out());
        assertTrue(generate.out().contains("greedy"), generate.out());
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
        assertEquals(2, files.size());
        for (Path f : files) {
            Piece piece = new MidiReader().read(f);
            List<Double> onsets = piece.notes().stream().map(Note::onset).distinct().sorted().toList();
            // Only the generated tokens are written (at most 30 events, not the 12 primer tokens too), one every
            // half quarter note.
            assertTrue(onsets.size() <= 30, f + ": " + onsets.size() + " events");
            for (double onset : onsets) assertEquals(0, onset % 0.5, 1e-9, f + ": onset " + onset);
        }
    }

    @Test
    void greedyWithOnePrimerForManyPiecesSaysTheyWillBeIdentical() {
        CliRun same = CliRun.of("generate", "--model", "../models/default.onnx", "--greedy", "--count", "2",
                "--length", "10", "--seed", "1", "--out", dir.resolve("same").toString());
        assertEquals(0, same.exitCode(), same.err());
        assertTrue(same.err().contains("identical"), same.err());
        CliRun varied = CliRun.of("generate", "--model", "../models/default.onnx", "--greedy", "--count", "2",
                "--length", "10", "--seed", "1", "--primer-from-corpus", SONGS.toString(), "--out",
                dir.resolve("varied").toString());
        assertEquals(0, varied.exitCode(), varied.err());
        assertFalse(varied.err().contains("identical"), varied.err());
    }

    @Test
    void trainFindsTheShippedCorpusFromAnotherWorkingFolder() {
        // The tests run in cli/, which has no midi_songs/; the launcher names the Cadenza folder in cadenza.home.
        assertFalse(Files.exists(Path.of("midi_songs")));
        String before = System.getProperty(CadenzaHome.PROPERTY);
        System.setProperty(CadenzaHome.PROPERTY, "..");
        try {
            CliRun train = CliRun.of("train", "--preset", "tiny", "--epochs", "1", "--max-batches", "1", "--threads", "1",
                    "--pieces", "2", "--out", dir.resolve("run").toString());
            assertEquals(0, train.exitCode(), train.err() + train.out());
            assertTrue(train.out().contains("corpus " + Path.of("..", "midi_songs")), train.out());
            // The shipped corpus's manifest holds out the same 26 pieces, over 20 composers, whatever the run.
            assertTrue(train.out().contains("validation pieces (26): albeniz/alb_se5.mid, "), train.out());
            assertTrue(train.out().contains("training pieces: 2 of"), train.out());
            assertTrue(train.out().contains("estimated time: about "), train.out());
        } finally {
            if (before == null) System.clearProperty(CadenzaHome.PROPERTY);
            else System.setProperty(CadenzaHome.PROPERTY, before);
        }
    }
}
