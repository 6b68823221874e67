package dev.cadenza.runtime.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.midi.TestMidi;

class CorpusReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsGoodFilesRecursivelyAndSaysWhyOthersWereSkipped() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        TestMidi.ppq(480).track(0).note(0, 480, 60, 90).write(dir.resolve("a.mid"));
        TestMidi.ppq(480).track(0).note(0, 480, 62, 90).note(480, 480, 64, 90).write(dir.resolve("sub/b.MIDI"));
        TestMidi.ppq(480).track(0).note(0, 480, 65, 90).write(dir.resolve("sub/c.kar"));
        Files.writeString(dir.resolve("broken.mid"), "garbage");
        TestMidi.ppq(480).track(0).on(0, 9, 36, 100).off(10, 9, 36).write(dir.resolve("drums.mid"));
        Files.writeString(dir.resolve("readme.txt"), "not music");

        Corpus corpus = new CorpusReader().read(dir);
        assertEquals(5, corpus.files());
        assertEquals(List.of("a.mid", "sub/b.MIDI", "sub/c.kar"), corpus.pieces().stream().map(Corpus.Entry::name).toList());
        assertEquals(4, corpus.notes());
        assertEquals(List.of(
                new Corpus.Skipped(dir.resolve("broken.mid"), "not a MIDI file (no MThd header)"),
                new Corpus.Skipped(dir.resolve("drums.mid"), "drums only (channel 10): no pitched notes")), corpus.skipped());
    }

    @Test
    void aMissingFolderIsAClearError() {
        assertThrows(NoSuchFileException.class, () -> new CorpusReader().read(dir.resolve("nope")));
    }

    @Test
    void theShippedCorpusParsesCompletely() throws Exception {
        Corpus corpus = new CorpusReader().read(Path.of("..", "midi_songs"));
        assertEquals(14, corpus.pieces().size());
        assertEquals(List.of(), corpus.skipped());
        assertEquals(27_020, corpus.notes());
    }
}
