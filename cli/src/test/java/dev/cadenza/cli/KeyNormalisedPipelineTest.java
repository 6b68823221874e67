package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.trainer.RunFolder;

/**
 * {@code train --key-normalise}: a tiny network learns its pieces in C major and A minor, and generate and evaluate
 * move its music to the asked key with no flag, because the model carries the option.
 */
class KeyNormalisedPipelineTest {
    private static final Path SONGS = SmallCorpus.path();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aKeyNormalisedModelWritesInCAndIsMovedToTheAskedKey() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.copy(SONGS.resolve("fur-elise.mid"), corpus.resolve("fur-elise.mid"));           // A minor
        Files.copy(SONGS.resolve("satie-gymnopedie-no1.mid"), corpus.resolve("satie.mid"));   // D major
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--corpus", corpus.toString(), "--out", run.toString(), "--preset", "tiny",
                "--epochs", "1", "--threads", "1", "--key-normalise", "--transpose", "0");
        assertEquals(0, train.exitCode(), train.err() + train.out());
        assertTrue(train.out().contains("key token, keys normalised to C and Am)"), train.out());
        RunFolder folder = RunFolder.open(run);
        assertTrue(folder.settings().keyToken() && folder.settings().keyNormalised());
        // Generation draws from the pieces' own keys, not from the C and Am they were trained in.
        assertEquals(java.util.Map.of("Am", 1, "D", 1), folder.vocabulary().keyCounts());

        Path model = dir.resolve("normalised.onnx");
        CliRun export = CliRun.of("export", run.toString(), "--out", model.toString(), "--windows", "2");
        assertEquals(0, export.exitCode(), export.err() + export.out());
        JsonNode inspect = JSON.readTree(CliRun.of("inspect", model.toString(), "--json").out());
        assertTrue(inspect.get("encoding_options").get("key_normalised").booleanValue());

        // The model writes the same tokens for C and for Eb (both start <start> k:C); Eb's music is C's a minor third up.
        List<Note> inC = generate(model, "C", "c");
        List<Note> inEb = generate(model, "Eb", "eb");
        assertEquals(inC.size(), inEb.size());
        assertTrue(inC.size() > 10, "a piece with notes: " + inC.size());
        for (int i = 0; i < inC.size(); i++) {
            assertEquals(inC.get(i).onset(), inEb.get(i).onset(), 1e-6);
            assertEquals(3, Math.floorMod(inEb.get(i).pitch() - inC.get(i).pitch(), 12), "note " + i);
        }

        // --key-strength at its strongest: every note of the moved music is in E-flat major.
        Path steered = dir.resolve("steered");
        CliRun strong = CliRun.of("generate", "--model", model.toString(), "--count", "2", "--length", "200", "--seconds",
                "0", "--seed", "9", "--key", "Eb", "--key-strength", "20", "--out", steered.toString(), "--json");
        assertEquals(0, strong.exitCode(), strong.err() + strong.out());
        int notes = 0;
        for (JsonNode piece : JSON.readTree(strong.out()).get("pieces")) {
            for (Note n : new MidiReader().read(Path.of(piece.get("file").asText())).notes()) {
                assertTrue(dev.cadenza.runtime.music.Key.parse("Eb").inScale(n.pitch()), "out of E-flat major: " + n);
                notes++;
            }
        }
        assertTrue(notes > 10, "notes: " + notes);

        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--corpus", corpus.toString(), "--count", "2",
                "--length", "120", "--seed", "3", "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        for (JsonNode piece : JSON.readTree(evaluate.out()).get("keyFit").elements().next().get("pieces")) {
            String key = piece.get("key").asText();
            assertTrue(key.equals("Am") || key.equals("D"), "fit measured against the drawn key, not C: " + key);
        }
    }

    @Test
    void keyNormalisationWithAnotherEncodingIsOneLine() {
        CliRun run = CliRun.of("train", "--corpus", SONGS.toString(), "--out", dir.resolve("run").toString(),
                "--encoding", "classic", "--key-normalise", "--preset", "tiny", "--epochs", "1");
        run.assertOneLineError("key normalisation (--key-normalise) works with the timed encoding only");
    }

    @Test
    void keyStrengthOnAModelWithoutKeysIsOneLine() {
        String shipped = Path.of("..", "models", "v1", "default.onnx").toString(); // timed version 1: no key tokens
        CliRun run = CliRun.of("generate", "--model", shipped, "--key-strength", "2", "--count", "1", "--device", "cpu",
                "--out", dir.toString());
        run.assertOneLineError("--key-strength: ", "has no key tokens");
        CliRun negative = CliRun.of("generate", "--model", shipped, "--key-strength", "-1", "--out", dir.toString());
        assertEquals(1, negative.exitCode());
        assertTrue(negative.err().contains("--key-strength must be 0 (off) to 20"), negative.err());
    }

    private List<Note> generate(Path model, String key, String folder) throws Exception {
        Path out = dir.resolve(folder);
        CliRun gen = CliRun.of("generate", "--model", model.toString(), "--count", "1", "--length", "200", "--seconds", "0",
                "--seed", "9", "--key", key, "--out", out.toString(), "--json");
        assertEquals(0, gen.exitCode(), gen.err() + gen.out());
        JsonNode piece = JSON.readTree(gen.out()).get("pieces").get(0);
        assertEquals("start in " + key, piece.get("primer").asText());
        return new ArrayList<>(new MidiReader().read(Path.of(piece.get("file").asText())).notes());
    }
}
