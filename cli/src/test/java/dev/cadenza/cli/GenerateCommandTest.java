package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.runtime.midi.TestMidi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    static final String MODEL = Path.of("..", "models", "default.onnx").toString();

    @TempDir
    Path dir;

    private static List<Path> midiFiles(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
    }

    @Test
    void writesOneParsableMidiFilePerPieceAndALinePerPiece() throws Exception {
        CliRun run = CliRun.of("generate", "--model", MODEL, "--count", "3", "--length", "80", "--seed", "9",
                "--out", dir.toString(), "--device", "cpu");
        assertEquals(0, run.exitCode(), run.err());
        List<Path> files = midiFiles(dir);
        assertEquals(3, files.size());
        for (Path f : files) {
            Sequence s = MidiSystem.getSequence(f.toFile());
            assertTrue(s.getTracks().length >= 1);
            assertTrue(f.getFileName().toString().startsWith("default-9-"), f.toString());
        }
        assertEquals(5, run.out().strip().split("\n").length, run.out());
        assertTrue(run.out().contains("3 pieces"), run.out());
        assertTrue(run.out().contains("3 files written to " + dir), run.out());
    }

    @Test
    void wavAndPianoRollComeBesideEachMidiFile() throws Exception {
        CliRun run = CliRun.of("generate", "--model", MODEL, "--count", "1", "--length", "40", "--seed", "4",
                "--out", dir.toString(), "--wav", "--png", "--name", "x");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.size(dir.resolve("x-4-01.wav")) > 44, "a WAV with samples");
        assertTrue(javax.imageio.ImageIO.read(dir.resolve("x-4-01.png").toFile()).getWidth() > 0);
        javax.sound.sampled.AudioInputStream audio = javax.sound.sampled.AudioSystem.getAudioInputStream(dir.resolve("x-4-01.wav").toFile());
        double seconds = audio.getFrameLength() / audio.getFormat().getFrameRate();
        audio.close();
        Sequence midi = MidiSystem.getSequence(dir.resolve("x-4-01.mid").toFile());
        assertEquals(midi.getMicrosecondLength() / 1e6, seconds, 3.0, "audio as long as the piece plus its release tail");
        // every file named, the sounds that played them, and the whole time with the rendering's share
        assertTrue(run.out().contains("also " + dir.resolve("x-4-01.wav") + ", " + dir.resolve("x-4-01.png")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("audio played with ")), run.out());
        assertTrue(run.out().matches("(?s).*3 files written to .*; [0-9.]+ s in all \\([0-9.]+ s of it rendering audio and piano rolls\\).*"),
                run.out());
        // quiet: results only, no notes (the CUDA one included)
        try {
            CliRun quiet = CliRun.of("-q", "generate", "--model", MODEL, "--count", "1", "--length", "20", "--seed", "5",
                    "--out", dir.resolve("q").toString());
            assertEquals(0, quiet.exitCode(), quiet.err());
            assertEquals("", quiet.err());
        } finally {
            dev.cadenza.app.ProgressBars.quiet(false);
        }
    }

    @Test
    void sheetMusicComesBesideTheMidiFileAndScoreWritesItFromAnyMidiFile() throws Exception {
        CliRun run = CliRun.of("generate", "--model", MODEL, "--count", "1", "--length", "60", "--seed", "2",
                "--out", dir.toString(), "--musicxml", "--name", "s");
        assertEquals(0, run.exitCode(), run.err());
        Path xml = dir.resolve("s-2-01.musicxml");
        assertTrue(run.out().contains("also " + xml), run.out());
        assertTrue(Files.readString(xml).contains("<score-partwise"), "a MusicXML score");
        CliRun again = CliRun.of("generate", "--model", MODEL, "--count", "1", "--length", "60", "--seed", "2",
                "--out", dir.toString(), "--musicxml", "--name", "s");
        assertEquals(1, again.exitCode(), "an existing score is not replaced silently");
        assertTrue(again.err().contains("s-2-01.mid: already exists"), again.err());

        Path out = dir.resolve("rag.musicxml");
        CliRun score = CliRun.of("score", Path.of("..", "midi_songs", "maple-leaf-rag.mid").toString(), "--out", out.toString());
        assertEquals(0, score.exitCode(), score.err());
        assertTrue(score.out().contains("written as a score to " + out), score.out());
        assertTrue(Files.readString(out).contains("<beats>2</beats>"), "the file's own 2/4");
        Path notMidi = dir.resolve("notes.mid");
        Files.writeString(notMidi, "hello");
        CliRun bad = CliRun.of("score", notMidi.toString(), "--out", dir.resolve("x.musicxml").toString());
        bad.assertOneLineError("notes.mid: not a MIDI file");
        assertFalse(Files.exists(dir.resolve("x.musicxml")));
    }

    @Test
    void sameSeedGivesTheSameFiles() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, CliRun.of("generate", "--model", MODEL, "--count", "2", "--length", "60", "--seed", "3", "--out", a.toString()).exitCode());
        assertEquals(0, CliRun.of("generate", "--model", MODEL, "--count", "2", "--length", "60", "--seed", "3", "--out", b.toString()).exitCode());
        for (Path f : midiFiles(a)) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(f.getFileName()))), f.toString());
        }
    }

    @Test
    void aPrimerWithNotesTheModelNeverSawIsMappedAndReported() throws Exception {
        Path primer = dir.resolve("primer.mid");
        // Pitch 2 and 125 are outside any piano corpus; 60 and 64 are common.
        TestMidi.ppq(96).on(0, 0, 60, 90).off(96, 0, 60).on(96, 0, 2, 90).off(192, 0, 2)
                .on(192, 0, 125, 90).off(288, 0, 125).on(288, 0, 64, 90).off(384, 0, 64).write(primer);
        CliRun run = CliRun.of("generate", "--model", MODEL, "--count", "2", "--length", "40", "--seed", "1",
                "--primer", primer.toString(), "--out", dir.resolve("out").toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("never saw"), run.err());
        assertTrue(run.err().contains("n:2 -> "), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertTrue(json.get("replacements").has("n:125"), run.out());
        assertEquals(2, json.get("pieces").size());
        assertTrue(json.get("pieces").get(0).get("primerTokens").asInt() > 4);
    }

    @Test
    void primersFromACorpusWork() throws Exception {
        CliRun run = CliRun.of("generate", "--model", MODEL, "--count", "2", "--length", "30", "--seed", "1",
                "--primer-from-corpus", SmallCorpus.path().toString(), "--primer-length", "50",
                "--out", dir.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(50, json.get("pieces").get(0).get("primerTokens").asInt());
        assertTrue(json.get("pieces").get(0).get("primer").asText().contains(".mid@"));
    }

    @Test
    void badInputGetsOneClearLine() throws Exception {
        CliRun missing = CliRun.of("generate", "--model", dir.resolve("none.onnx").toString(), "--out", dir.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("none.onnx: no such model file"), missing.err());
        assertEquals(1, missing.err().strip().split("\n").length);

        Path notMidi = dir.resolve("notes.mid");
        Files.writeString(notMidi, "hello");
        CliRun badPrimer = CliRun.of("generate", "--model", MODEL, "--primer", notMidi.toString(), "--out", dir.toString());
        assertEquals(1, badPrimer.exitCode());
        assertTrue(badPrimer.err().contains("notes.mid: not a MIDI file (no MThd header)"), badPrimer.err());
        assertFalse(badPrimer.err().contains("could not get sequence"), "the JDK's words, not ours: " + badPrimer.err());
        assertEquals(1, badPrimer.err().strip().lines().count(), badPrimer.err());
        // with --bars the primer's metre is read first: the same line
        CliRun badPrimerBars = CliRun.of("generate", "--model", MODEL, "--primer", notMidi.toString(), "--bars", "4",
                "--out", dir.toString());
        assertEquals(1, badPrimerBars.exitCode());
        assertTrue(badPrimerBars.err().contains("notes.mid: not a MIDI file (no MThd header)"), badPrimerBars.err());

        // The sampler's one set of rules refuses a setting the same way, whichever way it was written.
        CliRun badTemperature = CliRun.of("generate", "--model", MODEL, "--temperature", "0", "--out", dir.toString());
        assertEquals(1, badTemperature.exitCode());
        assertTrue(badTemperature.err().contains("--temperature must be above 0 and at most 100, got 0.0"), badTemperature.err());
        CliRun badSpec = CliRun.of("generate", "--model", MODEL, "--sampling", "temperature=0", "--out", dir.toString());
        assertEquals(1, badSpec.exitCode());
        assertTrue(badSpec.err().contains("--sampling 'temperature=0': temperature must be above 0 and at most 100"), badSpec.err());
        CliRun both = CliRun.of("generate", "--model", MODEL, "--greedy", "--top-k", "5", "--out", dir.toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("not several"), both.err());
    }

    @Test
    void samplingSpecAndFlagsGiveTheSamePieces() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, CliRun.of("generate", "--model", MODEL, "--count", "2", "--length", "40", "--seed", "9",
                "--temperature", "0.8", "--top-k", "12", "--out", a.toString()).exitCode());
        assertEquals(0, CliRun.of("generate", "--model", MODEL, "--count", "2", "--length", "40", "--seed", "9",
                "--sampling", "temperature=0.8,top-k=12,top-p=0.95", "--out", b.toString()).exitCode());
        for (String name : List.of("default-9-01.mid", "default-9-02.mid")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(name)), Files.readAllBytes(b.resolve(name)), name);
        }
    }

    @Test
    void piecesLastTheSecondsAskedToTheNextBarLine() throws Exception {
        CliRun run = CliRun.of("generate", "--model", MODEL, "--count", "3", "--seconds", "6", "--seed", "2", "--json",
                "--out", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertEquals("6 s", json.get("musicLength").asText());
        assertEquals(4000, json.get("maxTokens").asInt());
        for (com.fasterxml.jackson.databind.JsonNode p : json.get("pieces")) {
            // At 120 BPM a bar of 4/4 lasts 2 s: the last onset comes before 6 s, the notes end soon after.
            double seconds = new dev.cadenza.runtime.midi.MidiReader().read(Path.of(p.get("file").asText())).notes().stream()
                    .mapToDouble(n -> n.onset() * 0.5).max().orElse(0);
            assertTrue(seconds < 6 && (p.get("ended").asBoolean() || seconds >= 4), "last onset at " + seconds + " s");
            assertTrue(p.get("tokens").asInt() < 4000);
        }
    }

    @Test
    void beamSearchAndTheNoRepeatRuleRunAndTheirSettingsAreChecked() throws Exception {
        CliRun beam = CliRun.of("generate", "--model", MODEL, "--count", "2", "--seconds", "4", "--seed", "2",
                "--beam-size", "2", "--branch-factor", "3", "--steps-per-iteration", "4", "--no-repeat-ngram", "6",
                "--out", dir.resolve("beam").toString());
        assertEquals(0, beam.exitCode(), beam.err());
        assertEquals(2, midiFiles(dir.resolve("beam")).size());
        assertTrue(beam.out().contains("stopped at the first bar line after 4 s"), beam.out());
        CliRun badN = CliRun.of("generate", "--model", MODEL, "--no-repeat-ngram", "1", "--out", dir.toString());
        assertEquals(1, badN.exitCode());
        assertTrue(badN.err().contains("--no-repeat-ngram must be 2..1024 (0: off), got 1"), badN.err());
        CliRun badBeam = CliRun.of("generate", "--model", MODEL, "--beam-size", "0", "--out", dir.toString());
        assertEquals(1, badBeam.exitCode());
        assertTrue(badBeam.err().contains("--beam-size must be at least 1, got 0"), badBeam.err());
        CliRun both = CliRun.of("generate", "--model", MODEL, "--seconds", "5", "--bars", "4", "--out", dir.toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("give --seconds or --bars, not both"), both.err());
        CliRun tutorialBeam = CliRun.of("generate", "--model", MODEL, "--tutorial", "--beam-size", "2", "--out", dir.toString());
        assertEquals(1, tutorialBeam.exitCode());
        assertTrue(tutorialBeam.err().contains("--tutorial"), tutorialBeam.err());
    }

    @Test
    void cudaWithoutAGpuFailsClearly() {
        assumeFalse(Files.exists(Path.of("/dev/nvidiactl")), "this machine has an NVIDIA driver");
        CliRun run = CliRun.of("generate", "--model", MODEL, "--device", "cuda", "--out", dir.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("CUDA cannot be used"), run.err());
    }
}
