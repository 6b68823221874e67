package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.audio.WavRenderer;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class ListenCommandsTest {
    private static final Path CORPUS = CodecCommandsTest.CORPUS;

    @TempDir
    Path dir;

    private Path twoSecondFile() throws Exception {
        Path mid = dir.resolve("short.mid");
        new MidiWriter().write(new Piece("short", List.of(new Note(0, 2, 60, 100), new Note(2, 2, 67, 60)), 120), mid);
        return mid;
    }

    @Test
    void renderWritesAWavNextToTheMidiByDefault() throws Exception {
        Path mid = twoSecondFile();
        CliRun run = CliRun.of("render", mid.toString());
        assertEquals(0, run.exitCode(), run.err());
        Path wav = dir.resolve("short.wav");
        assertTrue(run.out().contains(wav.toString()), run.out());
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            double seconds = in.getFrameLength() / in.getFormat().getFrameRate();
            assertEquals(2 + WavRenderer.TAIL_SECONDS, seconds, 0.05);
        }
    }

    @Test
    void renderRefusesAMissingSoundFontInOneLine() throws Exception {
        CliRun run = CliRun.of("render", twoSecondFile().toString(), "--out", dir.resolve("x.wav").toString(),
                "--soundfont", dir.resolve("missing.sf2").toString());
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("missing.sf2"), run.err());
        assertFalse(Files.exists(dir.resolve("x.wav")));
    }

    @Test
    void renderAndPianorollNeverReplaceAFileWithoutForceNorTheirInput() throws Exception {
        Path mid = twoSecondFile();
        Path wav = Files.writeString(dir.resolve("mine.wav"), "a recording of mine");
        Path png = Files.writeString(dir.resolve("mine.png"), "a picture of mine");
        for (String[] args : List.of(new String[] {"render", mid.toString(), "--out", wav.toString()},
                new String[] {"pianoroll", mid.toString(), "--out", png.toString()})) {
            CliRun run = CliRun.of(args);
            assertEquals(1, run.exitCode(), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().contains("already exists (use --force"), run.err());
        }
        assertEquals("a recording of mine", Files.readString(wav));
        assertEquals("a picture of mine", Files.readString(png));
        byte[] midi = Files.readAllBytes(mid);
        for (String command : List.of("render", "pianoroll")) {
            CliRun run = CliRun.of(command, mid.toString(), "--out", mid.toString(), "--force");
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().contains("is the input file"), run.err());
        }
        assertTrue(java.util.Arrays.equals(midi, Files.readAllBytes(mid)), "the input MIDI file was changed");
        assertEquals(0, CliRun.of("render", mid.toString(), "--out", wav.toString(), "--force").exitCode());
        assertNotEquals("a recording of mine", Files.readString(wav, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void pianorollDrawsARealPiece() throws Exception {
        Path png = dir.resolve("satie.png");
        CliRun run = CliRun.of("pianoroll", CORPUS.resolve("satie-gymnopedie-no1.mid").toString(), "--out", png.toString(),
                "--pixels-per-quarter", "4", "--beats-per-bar", "3");
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(run.out().contains(image.getWidth() + " x " + image.getHeight()), run.out());
        int notePixels = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if ((rgb & 0xff) > ((rgb >> 16) & 0xff) + 60) notePixels++; // notes are blue; lines are grey
            }
        }
        assertTrue(notePixels > 2000, "note pixels " + notePixels);
    }

    @Test
    void pianorollRefusesSillySizes() throws Exception {
        CliRun run = CliRun.of("pianoroll", twoSecondFile().toString(), "--pixels-per-pitch", "0");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: --pixels-per-quarter"), run.err());
    }

    @Test
    void playSaysClearlyWhenThereIsNoSound() throws Exception {
        assumeFalse(PlayCommand.hasSoundOutput(), "this machine has sound; not playing music during tests");
        CliRun run = CliRun.of("play", twoSecondFile().toString());
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("no sound output"), run.err());
    }

    @Test
    void playNamesABadFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.mid"), "nope");
        CliRun run = CliRun.of("play", bad.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("bad.mid"), run.err());
    }

    @Test
    void evaluateJudgesHeldOutCorpusFilesAgainstTheRestAndWritesAReport() throws Exception {
        Path generated = Files.createDirectories(dir.resolve("gen"));
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.copy(CORPUS.resolve("satie-gymnopedie-no1.mid"), generated.resolve("satie.mid"));
        Files.copy(CORPUS.resolve("fur-elise.mid"), generated.resolve("fur-elise.mid"));
        Files.copy(CORPUS.resolve("bach-prelude-c-major-bwv846.mid"), corpus.resolve("bach.mid"));
        Files.copy(CORPUS.resolve("clair-de-lune.mid"), corpus.resolve("clair.mid"));
        Files.copy(CORPUS.resolve("fur-elise.mid"), corpus.resolve("fur-elise-again.mid")); // a verbatim copy
        Path report = dir.resolve("report");
        CliRun run = CliRun.of("evaluate", "--generated", generated.toString(), "--corpus", corpus.toString(), "--json",
                "--report", report.toString(), "--piano-rolls", "1");
        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> json = new ObjectMapper().readValue(run.out(), Map.class);
        Map<?, ?> set = (Map<?, ?>) ((List<?>) json.get("sets")).get(0);
        List<?> pieces = (List<?>) set.get("pieces");
        assertEquals(2, pieces.size());
        Map<?, ?> furElise = (Map<?, ?>) pieces.get(0);
        assertEquals("fur-elise.mid", furElise.get("name"));
        Map<?, ?> copy = (Map<?, ?>) furElise.get("longestCopy");
        assertEquals(furElise.get("tokens"), copy.get("tokens")); // copied whole
        assertEquals(1.0, (Double) copy.get("share"), 1e-12);
        assertEquals("fur-elise-again.mid", copy.get("from"));
        Map<?, ?> satie = (Map<?, ?>) pieces.get(1);
        assertTrue((Double) ((Map<?, ?>) satie.get("longestCopy")).get("share") < 0.2);
        Map<?, ?> structure = (Map<?, ?>) furElise.get("structure");
        assertEquals(94, structure.get("windows"));
        assertEquals(0.585, (Double) structure.get("recurrence"), 0.0005); // counted independently with mido
        assertEquals(0.585, (Double) ((Map<?, ?>) set.get("summary")).get("meanRecurrence") * 2
                - (Double) ((Map<?, ?>) satie.get("structure")).get("recurrence"), 0.0005, "the set mean of two pieces");
        assertEquals(8, ((List<?>) set.get("setDistances")).size());
        assertEquals(3, ((List<?>) json.get("corpusPieces")).size());
        for (String file : List.of("report.md", "report.json", "pitch-classes.png", "note-lengths.png", "pianoroll-01.png",
                "distances-pitch-range.png")) {
            assertTrue(Files.size(report.resolve(file)) > 100, file);
        }
        assertFalse(Files.exists(report.resolve("pianoroll-02.png")));
        String md = Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("| fur-elise.mid |"), md);
        assertTrue(md.contains("![pitch classes](pitch-classes.png)"), md);
        assertTrue(md.contains("## Structure") && md.contains("| corpus | 3 |"), md);
        assertEquals(json, new ObjectMapper().readValue(report.resolve("report.json").toFile(), Map.class));
    }

    @Test
    void evaluateWithOneGeneratedPieceHasNoIntraSetDistances() throws Exception {
        Path generated = Files.createDirectories(dir.resolve("gen"));
        Files.copy(CORPUS.resolve("satie-gymnopedie-no1.mid"), generated.resolve("satie.mid"));
        CliRun run = CliRun.of("evaluate", "--generated", generated.toString(), "--corpus", CORPUS.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> json = new ObjectMapper().readValue(run.out(), Map.class);
        Map<?, ?> set = (Map<?, ?>) ((List<?>) json.get("sets")).get(0);
        Map<?, ?> first = (Map<?, ?>) ((List<?>) set.get("setDistances")).get(0);
        assertNull(((Map<?, ?>) first.get("intraGenerated")).get("mean"));
        assertNotEquals(null, ((Map<?, ?>) first.get("intraCorpus")).get("mean"));
        CliRun text = CliRun.of("evaluate", "--generated", generated.toString(), "--corpus", CORPUS.toString());
        assertTrue(text.out().contains("satie.mid"), text.out());
        assertTrue(text.out().contains("pitch-class transition matrix"), text.out());
    }

    @Test
    void evaluateNeedsSomethingToJudge() throws Exception {
        CliRun run = CliRun.of("evaluate", "--corpus", CORPUS.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--generated"), run.err());
        CliRun count = CliRun.of("evaluate", "--generated", CORPUS.toString(), "--count", "3");
        assertEquals(1, count.exitCode());
        assertTrue(count.err().contains("need --model"), count.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun none = CliRun.of("evaluate", "--generated", empty.toString(), "--corpus", CORPUS.toString());
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("no usable MIDI file"), none.err());
    }
}
