package dev.cadenza.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class TimedEncodingTest {
    static final Path CORPUS = Path.of("..", "midi_songs");
    private final TimedEncoding timed = new TimedEncoding();
    private static final double STEP = 1.0 / TimedEncoding.GRID;

    @Test
    void aChordARestAndATripletReadAsDocumented() {
        Piece piece = new Piece("x", List.of(
                new Note(0, 1, 60, 80), new Note(0, 1, 64, 80), new Note(0, 1, 67, 80),
                new Note(2, 0.5, 72, 80),
                new Note(2.5, 1 / 3.0, 74, 80), new Note(2.5 + 1 / 3.0, 1 / 3.0, 76, 80),
                new Note(2.5 + 2 / 3.0, 4.25, 77, 80)), 120);
        assertEquals(List.of("<start>", "n:60", "d:12", "n:64", "d:12", "n:67", "d:12", "w:24", "n:72", "d:6",
                "w:6", "n:74", "d:4", "w:4", "n:76", "d:4", "w:4", "n:77", "d:48", "d:3", "<end>"), timed.encode(piece));
    }

    @Test
    void leadingSilenceIsDroppedAndLongGapsAreSums() {
        Piece piece = new Piece("x", List.of(new Note(8, 1, 60, 80), new Note(14.25, 1, 62, 80)), 120);
        assertEquals(List.of("<start>", "n:60", "d:12", "w:48", "w:24", "w:3", "n:62", "d:12", "<end>"), timed.encode(piece));
    }

    @Test
    void everyCorpusPieceRoundTripsWithinOneGridStep() throws Exception {
        // The 14 pieces at the top of the shipped corpus: reading all of it (342 pieces) belongs to CorpusReaderTest.
        List<java.nio.file.Path> files;
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(CORPUS)) {
            files = s.filter(p -> p.toString().endsWith(".mid")).sorted().toList();
        }
        assertEquals(14, files.size());
        for (java.nio.file.Path file : files) {
            Piece original = new dev.cadenza.runtime.midi.MidiReader().read(file);
            Corpus.Entry entry = new Corpus.Entry(file, file.getFileName().toString(), original);
            List<String> tokens = timed.encode(original);
            Piece decoded = timed.decode(original.name(), tokens, original.tempoBpm());
            // Leading silence is dropped (up to the first note's grid onset); the rest is kept.
            double shift = Math.round(original.notes().get(0).onset() * TimedEncoding.GRID) * STEP;
            List<Note> expected = mergeSamePitchOnOneOnset(original.notes());
            List<Note> actual = decoded.notes();
            assertEquals(expected.size(), actual.size(), entry.name() + ": note count");
            for (int i = 0; i < actual.size(); i++) {
                Note e = expected.get(i);
                Note a = actual.get(i);
                assertEquals(e.pitch(), a.pitch(), entry.name() + " pitch of " + e);
                assertEquals(e.onset() - shift, a.onset(), STEP / 2 + 1e-9, entry.name() + " onset of " + e);
                assertEquals(Math.min(e.duration(), 16), a.duration(), STEP, entry.name() + " duration of " + e);
            }
        }
    }

    /** As documented: notes of one pitch that land on one grid onset become one note, the longest. */
    private static List<Note> mergeSamePitchOnOneOnset(List<Note> notes) {
        java.util.Map<Long, Note> kept = new java.util.TreeMap<>();
        for (Note n : notes) {
            long key = Math.round(n.onset() * TimedEncoding.GRID) * 128 + n.pitch();
            kept.merge(key, n, (x, y) -> x.duration() >= y.duration() ? x : y);
        }
        return List.copyOf(kept.values());
    }

    @Test
    void decodingForgivesStreamsASamplerMightProduce() {
        Piece piece = timed.decode("s", List.of("d:6", "n:60", "w:12", "n:62", "d:3", "d:3", "n:200", "<pad>", "w:x", "n:64"), 120);
        assertEquals(List.of(new Note(0, 1, 60, 80), new Note(1, 0.5, 62, 80), new Note(1, 1, 64, 80)), piece.notes());
    }

    @Test
    void nearestPrefersTheClosestPitchAndNeverCrossesKinds() {
        Vocabulary vocabulary = Vocabulary.of(timed, List.of("<pad>", "<start>", "<end>", "<unk>", "n:40", "n:60", "d:6", "w:12"));
        assertEquals("n:60", vocabulary.nearest("n:62"));
        assertEquals("n:40", vocabulary.nearest("n:21"));
        assertEquals("d:6", vocabulary.nearest("d:48"));
        assertEquals("w:12", vocabulary.nearest("w:1"));
    }
}
