package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.MidiReader;

class CodecCommandsTest {
    static final Path CORPUS = SmallCorpus.path();

    @TempDir
    Path dir;

    @Test
    void helpListsEveryCommandWithADescription() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        for (String command : List.of("corpus", "tokens", "roundtrip", "train", "generate", "render", "pianoroll", "play",
                "evaluate", "bench", "serve", "loadtest")) {
            assertTrue(run.out().lines().anyMatch(l -> l.trim().startsWith(command + " ") && l.trim().length() > command.length() + 10),
                    command + " missing from:\n" + run.out());
        }
    }

    @Test
    void corpusJsonCountsTheGoodFilesAndNamesTheSkippedOnes() throws Exception {
        Files.copy(CORPUS.resolve("fur-elise.mid"), dir.resolve("fur-elise.mid"));
        Files.copy(CORPUS.resolve("satie-gymnopedie-no1.mid"), dir.resolve("satie.mid"));
        Files.writeString(dir.resolve("broken.mid"), "not midi");
        CliRun run = CliRun.of("corpus", dir.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> json = new ObjectMapper().readValue(run.out(), Map.class);
        assertEquals(3, json.get("files"));
        assertEquals(2, json.get("parsed"));
        assertEquals(List.of(Map.of("file", "broken.mid", "reason", "not a MIDI file (no MThd header)")), json.get("skipped"));
        assertEquals(1041 + 282, json.get("notes"));
        assertTrue((Integer) json.get("tokens") > 2 * (1041 + 282));
        assertTrue((Integer) json.get("vocabulary") > 20);
    }

    @Test
    void corpusFlagsFilesWhoseOnsetsAreOffTheGrid() throws Exception {
        Files.copy(CORPUS.resolve("fur-elise.mid"), dir.resolve("fur-elise.mid")); // a few 32nds
        Files.copy(CORPUS.resolve("satie-gymnopedie-no1.mid"), dir.resolve("satie.mid")); // all on the grid
        CliRun run = CliRun.of("corpus", dir.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> json = new ObjectMapper().readValue(run.out(), Map.class);
        List<?> pieces = (List<?>) json.get("pieces");
        assertEquals(0.963, (Double) ((Map<?, ?>) pieces.get(0)).get("on_grid"), 0.0005);
        assertEquals(1.0, (Double) ((Map<?, ?>) pieces.get(1)).get("on_grid"));
        List<?> offGrid = (List<?>) json.get("off_grid");
        assertEquals(1, offGrid.size());
        Map<?, ?> furElise = (Map<?, ?>) offGrid.get(0);
        assertEquals("fur-elise.mid", furElise.get("file"));
        assertEquals(24, furElise.get("fitting_grid"));
        assertTrue((Double) furElise.get("max_shift_ms") > 10, furElise.toString());
        CliRun text = CliRun.of("corpus", dir.toString());
        assertTrue(text.out().contains("off grid fur-elise.mid: 96.3 % of onsets on the 12-per-quarter grid, 24 per quarter fits"),
                text.out());
        assertFalse(text.out().contains("off grid satie"), text.out());
    }

    @Test
    void aFolderWithNoUsableFileFailsWithOneClearLine() throws Exception {
        Files.writeString(dir.resolve("a.mid"), "nope");
        CliRun run = CliRun.of("corpus", dir.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no usable MIDI file"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void aMissingFolderIsOneLineAndNoStackTrace() {
        CliRun run = CliRun.of("corpus", dir.resolve("missing").toString());
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("missing"), run.err());
    }

    @Test
    void tokensPrintsTheClassicStreamOneTokenPerLine() {
        CliRun run = CliRun.of("tokens", CORPUS.resolve("bach-prelude-c-major-bwv846.mid").toString(), "--encoding", "classic");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("C4", "E4", "G4", "C5", "E5"), run.out().lines().limit(5).toList());
    }

    @Test
    void roundtripWritesAMidiFileThatReadsBack() throws Exception {
        Path out = dir.resolve("elise.mid");
        CliRun run = CliRun.of("roundtrip", CORPUS.resolve("fur-elise.mid").toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(new MidiReader().read(CORPUS.resolve("fur-elise.mid")).notes().size(), new MidiReader().read(out).notes().size());
    }

    @Test
    void anUnknownEncodingIsNamedInTheError() {
        CliRun run = CliRun.of("tokens", CORPUS.resolve("fur-elise.mid").toString(), "--encoding", "mp3");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("unknown encoding 'mp3'"), run.err());
    }
}
