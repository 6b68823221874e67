package dev.cadenza.cli;

import dev.cadenza.app.options.EncodingOption;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.trainer.RunFolder;

/**
 * Velocity bins, the sustain pedal and key tokens travel from train through export to generate and evaluate, with no
 * flag on generate: one tiny network trained for one epoch carries them all.
 */
class EncodingOptionsPipelineTest {
    static final Path SONGS = SmallCorpus.path();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aModelTrainedWithVelocityAndKeysGeneratesThemWithoutFlags() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.copy(SONGS.resolve("fur-elise.mid"), corpus.resolve("fur-elise.mid"));           // A minor, pedalled
        Files.copy(SONGS.resolve("satie-gymnopedie-no1.mid"), corpus.resolve("satie.mid"));   // D major
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--corpus", corpus.toString(), "--out", run.toString(), "--preset", "tiny",
                "--epochs", "1", "--threads", "1", "--velocity-bins", "8", "--key-token", "--transpose", "6");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        assertTrue(train.out().contains("encoding timed version 2 (8 velocity bins, sustain pedal read, key token)"), train.out());
        RunFolder folder = RunFolder.open(run);
        assertEquals(8, folder.settings().velocityBins());
        assertTrue(folder.settings().sustainPedal() && folder.settings().keyToken());
        assertTrue(folder.vocabulary().contains("v:3") && folder.vocabulary().contains("k:Bbm"), "velocity and all 24 keys");
        assertEquals(java.util.Map.of("Am", 1, "D", 1), folder.vocabulary().keyCounts());

        Path model = dir.resolve("keyed.onnx");
        CliRun export = CliRun.of("export", run.toString(), "--out", model.toString(), "--windows", "2");
        assertEquals(0, export.exitCode(), export.err() + export.out());
        JsonNode inspect = JSON.readTree(CliRun.of("inspect", model.toString(), "--json").out());
        assertEquals(2, inspect.get("encoding_version").asInt());
        assertEquals(8, inspect.get("encoding_options").get("velocity_bins").intValue());
        ExportInspectCommandTest.assertOneKeyStyle(inspect);
        assertTrue(inspect.get("encoding_options").get("key_token").booleanValue());

        // Asked for a key: every piece opens in it. Velocities come back as bin centres, with no flag.
        Path asked = dir.resolve("asked");
        CliRun gen = CliRun.of("generate", "--model", model.toString(), "--count", "3", "--length", "300", "--seed", "4",
                "--key", "Eb", "--out", asked.toString(), "--json");
        assertEquals(0, gen.exitCode(), gen.err() + gen.out());
        for (JsonNode piece : JSON.readTree(gen.out()).get("pieces")) assertEquals("start in Eb", piece.get("primer").asText());
        Set<Integer> centres = Stream.of(1, 2, 3, 4, 5, 6, 7, 8).map(b -> binCentre(8, b)).collect(Collectors.toSet());
        List<Integer> velocities;
        try (Stream<Path> files = Files.list(asked)) {
            velocities = files.flatMap(f -> read(f).stream()).map(Note::velocity).toList();
        }
        assertTrue(velocities.stream().allMatch(v -> v == 80 || centres.contains(v)), velocities.toString());
        assertTrue(velocities.stream().distinct().count() >= 2, "velocities vary: " + velocities);

        // No key asked: each piece's key is drawn from the corpus's keys, the same for the same seed.
        CliRun drawn = CliRun.of("generate", "--model", model.toString(), "--count", "6", "--length", "20", "--seed", "4",
                "--out", dir.resolve("drawn").toString(), "--json");
        assertEquals(0, drawn.exitCode(), drawn.err());
        List<String> sources = primers(drawn);
        assertTrue(sources.stream().allMatch(s -> s.equals("start in Am") || s.equals("start in D")), sources.toString());
        CliRun again = CliRun.of("generate", "--model", model.toString(), "--count", "2", "--length", "20", "--seed", "4",
                "--out", dir.resolve("again").toString(), "--json");
        assertEquals(sources.subList(0, 2), primers(again));

        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--corpus", corpus.toString(), "--count", "2",
                "--length", "120", "--seed", "3");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(evaluate.out().contains("Fit to the asked key"), evaluate.out());
    }

    @Test
    void askingAKeyOfAModelWithoutKeyTokensIsOneLine() {
        String shipped = Path.of("..", "models", "v1", "default.onnx").toString(); // timed version 1: no key tokens
        CliRun run = CliRun.of("generate", "--model", shipped, "--key", "Am", "--count", "1", "--device", "cpu",
                "--out", dir.toString());
        run.assertOneLineError("has no key tokens (it was trained without --key-token)");
        CliRun bad = CliRun.of("generate", "--model", shipped, "--key", "H", "--count", "1", "--out", dir.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("--key: 'H' is not a key"), bad.err());
    }

    @Test
    void encodingOptionsOnAnotherEncodingAreOneLine() {
        CliRun run = CliRun.of("tokens", SONGS.resolve("fur-elise.mid").toString(), "--encoding", "classic",
                "--velocity-bins", "4");
        run.assertOneLineError("--velocity-bins works with the timed encoding only");
    }

    @Test
    void corpusShowsEachPiecesKey() {
        CliRun run = CliRun.of("corpus", SONGS.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("fur-elise.mid") && l.endsWith("  Am")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("clair-de-lune.mid") && l.endsWith("  Db")), run.out());
    }

    private static List<String> primers(CliRun run) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode piece : JSON.readTree(run.out()).get("pieces")) out.add(piece.get("primer").asText());
        return out;
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
