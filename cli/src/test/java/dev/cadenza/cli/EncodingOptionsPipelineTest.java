package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.trainer.RunFolder;

/** Velocity bins and the sustain pedal travel from train through export to generate, with no flag on generate. */
class EncodingOptionsPipelineTest {
    static final Path SONGS = Path.of("..", "midi_songs");

    @TempDir
    Path dir;

    @Test
    void aModelTrainedWithVelocityBinsGeneratesItsVelocitiesWithoutFlags() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.copy(SONGS.resolve("fur-elise.mid"), corpus.resolve("fur-elise.mid"));
        Files.copy(SONGS.resolve("satie-gymnopedie-no1.mid"), corpus.resolve("satie.mid"));
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--corpus", corpus.toString(), "--out", run.toString(), "--preset", "tiny",
                "--epochs", "1", "--threads", "1", "--velocity-bins", "8");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        assertTrue(train.out().contains("encoding timed version 2 (8 velocity bins, sustain pedal read)"), train.out());
        RunFolder folder = RunFolder.open(run);
        assertEquals(8, folder.settings().velocityBins());
        assertTrue(folder.settings().sustainPedal());
        assertTrue(folder.vocabulary().contains("v:3"), "the vocabulary holds velocity tokens");

        Path model = dir.resolve("v8.onnx");
        CliRun export = CliRun.of("export", run.toString(), "--out", model.toString(), "--windows", "2");
        assertEquals(0, export.exitCode(), export.err() + export.out());
        CliRun inspect = CliRun.of("inspect", model.toString(), "--json");
        assertTrue(inspect.out().contains("\"encoding_version\":2") && inspect.out().contains("\"velocityBins\":\"8\""),
                inspect.out());

        Path out = dir.resolve("out");
        CliRun gen = CliRun.of("generate", "--model", model.toString(), "--count", "3", "--length", "300", "--seed", "4",
                "--out", out.toString());
        assertEquals(0, gen.exitCode(), gen.err() + gen.out());
        // Every note plays at a bin centre, or at 80 where no velocity token came before it.
        Set<Integer> centres = Stream.of(1, 2, 3, 4, 5, 6, 7, 8).map(b -> binCentre(8, b)).collect(Collectors.toSet());
        List<Integer> velocities;
        try (Stream<Path> files = Files.list(out)) {
            velocities = files.flatMap(f -> read(f).stream()).map(Note::velocity).toList();
        }
        assertTrue(velocities.stream().allMatch(v -> v == 80 || centres.contains(v)), velocities.toString());
        assertTrue(velocities.stream().distinct().count() >= 2, "velocities vary: " + velocities);
    }

    @Test
    void velocityBinsOnAnotherEncodingAreOneLine() throws Exception {
        CliRun run = CliRun.of("tokens", SONGS.resolve("fur-elise.mid").toString(), "--encoding", "classic",
                "--velocity-bins", "4");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("--velocity-bins works with the timed encoding only"), run.err());
    }

    private static int binCentre(int count, int bin) {
        int lo = 128;
        int hi = 0;
        for (int v = 1; v <= 127; v++) {
            if ((v - 1) * count / 127 + 1 == bin) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return (lo + hi) / 2;
    }

    private static List<Note> read(Path file) {
        try {
            return new MidiReader().read(file).notes();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
