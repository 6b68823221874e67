package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.RawMidi;
import dev.cadenza.runtime.model.ModelDigest;
import dev.cadenza.runtime.model.ModelEdit;
import dev.cadenza.runtime.model.ModelMetadata;

/** The command line under hostile input: one line naming the file or option, exit 1 (2 for a bad command line). */
class HostileInputCommandsTest {
    private static final Path MODEL = Path.of("..", "models", "default.onnx");

    @TempDir
    Path dir;

    private static void assertUserError(CliRun run, String expected) {
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(run.err().contains("internal error") || run.err().contains("\tat "), run.err());
    }

    @Test
    void aWrongOptionPrintsThatOptionAndAHintNotTheWholeUsage() {
        CliRun run = CliRun.of("generate", "--top-kk", "3");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: Unknown options: '--top-kk', '3'"), run.err());
        assertTrue(run.err().contains("did you mean: --top-k"), run.err());
        assertTrue(run.err().contains("hint: 'cadenza generate --help' lists the options"), run.err());
        assertTrue(run.err().lines().count() <= 3, run.err());
        assertFalse(run.err().contains("Usage:"), run.err());
    }

    @Test
    void tokensOnAFifoAnswersAtOnce() throws Exception {
        Path fifo = dir.resolve("pipe.mid");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.of("tokens", fifo.toString()));
        assertUserError(run, fifo + ": not a regular file (a FIFO, socket or device)");
    }

    @Test
    void aDataByteAbove127NamesTheFileInTokensAndIsSkippedByCorpus() throws Exception {
        Path bad = RawMidi.write(dir.resolve("bad.mid"), RawMidi.oneNote(0x40, 0xCC));
        assertUserError(CliRun.of("tokens", bad.toString()), bad + ": note event with a data byte above 127");
        Files.copy(Path.of("..", "midi_songs", "fur-elise.mid"), dir.resolve("good.mid"));
        Files.createDirectory(dir.resolve("folder.mid"));
        CliRun corpus = CliRun.of("corpus", dir.toString());
        assertEquals(0, corpus.exitCode(), corpus.err());
        assertTrue(corpus.out().contains("skipped " + bad + ": note event with a data byte above 127"), corpus.out());
        assertTrue(corpus.out().contains("skipped " + dir.resolve("folder.mid") + ": is a folder"), corpus.out());
        assertTrue(corpus.out().contains("files 3, pieces used 1, skipped 2"), corpus.out());
    }

    @Test
    void aHeaderClaiming65535TracksSaysSoInsteadOfNoNotes() throws Exception {
        byte[] bytes = RawMidi.oneNote(60, 90);
        bytes[9] = 1;
        bytes[10] = (byte) 0xFF;
        bytes[11] = (byte) 0xFF;
        Path file = RawMidi.write(dir.resolve("tracks.mid"), bytes);
        assertUserError(CliRun.of("tokens", file.toString()), "header declares 65535 track(s) but the file holds 1");
    }

    /** Every tampered model gets the same one-line verdict from inspect and from generate. */
    @Test
    void inspectAndGenerateAgreeOnEveryTamperedModel() throws Exception {
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("layers", ModelEdit.withMetadata(MODEL, dir.resolve("layers.onnx"), ModelMetadata.KEY_LAYERS, "2000000000"));
        models.put("tempo", ModelEdit.withMetadata(MODEL, dir.resolve("tempo.onnx"), ModelMetadata.KEY_TEMPO, "NaN"));
        models.put("zero tempo", ModelEdit.withMetadata(MODEL, dir.resolve("zero.onnx"), ModelMetadata.KEY_TEMPO, "0"));
        models.put("hidden", ModelEdit.withMetadata(MODEL, dir.resolve("hidden.onnx"), ModelMetadata.KEY_HIDDEN, "128"));
        models.put("flipped", ModelEdit.flipBit(MODEL, dir.resolve("flipped.onnx"), (int) (Files.size(MODEL) / 3), 0));
        models.put("empty", Files.createFile(dir.resolve("empty.onnx")));
        models.put("folder", Files.createDirectory(dir.resolve("folder.onnx")));
        String vocabulary = dev.cadenza.runtime.model.OnnxBytes.parse(Files.readAllBytes(MODEL)).metadata().get(ModelMetadata.KEY_VOCABULARY);
        models.put("null token", ModelEdit.withMetadata(MODEL, dir.resolve("null.onnx"), ModelMetadata.KEY_VOCABULARY,
                vocabulary.replaceFirst("\"n:\\d+\"", "null")));
        models.put("pitch 200", ModelEdit.withMetadata(MODEL, dir.resolve("pitch.onnx"), ModelMetadata.KEY_VOCABULARY,
                vocabulary.replaceFirst("\"n:\\d+\"", "\"n:200\"")));
        for (Map.Entry<String, Path> m : models.entrySet()) {
            CliRun inspect = CliRun.of("inspect", m.getValue().toString());
            CliRun generate = CliRun.of("generate", "--model", m.getValue().toString(), "--count", "1", "--length", "5",
                    "--out", dir.resolve("out").toString());
            assertUserError(inspect, m.getValue().toString());
            assertUserError(generate, m.getValue().toString());
            assertEquals(inspect.err(), generate.err(), m.getKey());
        }
        assertFalse(Files.exists(dir.resolve("out")) && Files.list(dir.resolve("out")).findAny().isPresent(), "nothing written");
    }

    @Test
    void aModelWithoutADigestLoadsSaysSoAndCanBeGivenOne() throws Exception {
        Path legacy = ModelEdit.withMetadata(MODEL, dir.resolve("legacy.onnx"), ModelDigest.KEY, null);
        CliRun inspect = CliRun.of("inspect", legacy.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("weights      no digest"), inspect.out());
        assertEquals(0, CliRun.of("generate", "--model", legacy.toString(), "--count", "1", "--length", "5",
                "--out", dir.resolve("out").toString()).exitCode());

        CliRun add = CliRun.of("inspect", legacy.toString(), "--add-digest");
        assertEquals(0, add.exitCode(), add.err());
        assertTrue(add.out().contains("(verified, metadata too)"), add.out());
        assertUserError(CliRun.of("inspect", legacy.toString(), "--add-digest"), "already has its digests");
    }

    @Test
    void aModelWithTheWeightsDigestOnlySaysItsMetadataIsUnverified() throws Exception {
        CliRun inspect = CliRun.of("inspect", MODEL.toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("(verified); unverified metadata"), inspect.out());
    }
}
