package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class RecurrenceTest {

    /** One 4/4 bar of a melody over a bass, in eighths and quarters, starting at {@code start} quarters. */
    private static void bar(List<Note> notes, double start, int transpose) {
        int[] melody = {72, 74, 76, 77, 79, 77, 76, 74};
        for (int i = 0; i < melody.length; i++) notes.add(new Note(start + i * 0.5, 0.5, melody[i] + transpose, 80));
        for (int q = 0; q < 4; q++) notes.add(new Note(start + q, 1, (q % 2 == 0 ? 48 : 55) + transpose, 70));
    }

    @Test
    void aBarRepeatedExactlyRecursEverywhere() {
        List<Note> notes = new ArrayList<>();
        for (int b = 0; b < 8; b++) bar(notes, 4 * b, 0);
        Recurrence r = Recurrence.of(new Piece("repeated", notes, 120));
        assertEquals(16, r.windows());
        assertEquals(1.0, r.exact());
        assertEquals(1.0, r.rhythm());
        assertEquals(1.0, r.pitchClasses());
        assertEquals(2.0 / 16, r.distinct(), 1e-12, "two different half bars, each stated eight times");
    }

    @Test
    void aBarTransposedEachTimeKeepsItsRhythmButNotItsNotes() {
        List<Note> notes = new ArrayList<>();
        for (int b = 0; b < 6; b++) bar(notes, 4 * b, b); // up a semitone every bar: the same rhythm, new pitches
        Recurrence r = Recurrence.of(new Piece("sequence", notes, 120));
        assertEquals(0.0, r.exact());
        assertEquals(1.0, r.rhythm());
        assertEquals(1.0, r.distinct());
    }

    @Test
    void randomNotesDoNotRecur() {
        Random random = new Random(7);
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            notes.add(new Note(random.nextInt(12 * 200) / 12.0, 0.5, 36 + random.nextInt(49), 80));
        }
        Recurrence r = Recurrence.of(new Piece("random", notes, 120));
        assertTrue(r.windows() > 90, "windows: " + r.windows());
        assertTrue(r.exact() < 0.02, "exact recurrence of random notes: " + r.exact());
        assertTrue(r.distinct() > 0.98, "distinct windows of random notes: " + r.distinct());
    }

    @Test
    void aLoopRecursButHasFewDistinctWindows() {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 64; i++) notes.add(new Note(i * 0.5, 0.5, i % 2 == 0 ? 60 : 67, 80)); // C G C G ...
        Recurrence r = Recurrence.of(new Piece("loop", notes, 120));
        assertEquals(1.0, r.exact());
        assertEquals(1.0 / 16, r.distinct(), 1e-12, "one window content, 16 windows");
    }

    @Test
    void onsetsATickOffTheGridStillLandInTheirWindow() {
        // A note 1/480 quarter early, just before a window boundary, is rounded to the boundary: the same window.
        List<Note> notes = new ArrayList<>();
        notes.add(new Note(0, 1, 60, 80));
        notes.add(new Note(2 - 1.0 / 480, 1, 60, 80));
        Recurrence r = Recurrence.of(new Piece("tick", notes, 120));
        assertEquals(2, r.windows());
        assertEquals(1.0, r.exact());
    }

    @Test
    void anEmptyPieceHasNoWindows() {
        Recurrence r = Recurrence.of(new Piece("empty", List.of(), 120));
        assertEquals(0, r.windows());
        assertTrue(Double.isNaN(r.exact()));
    }

    /**
     * The Entertainer is a rag of repeated strains. The figures were counted independently of this code (mido, a
     * Python MIDI parser): 152 windows, 0.908 of them recur exactly, 0.987 by rhythm, 0.382 distinct.
     */
    @Test
    void aRealRagRecursAsCountedByAnIndependentParser() throws Exception {
        Piece piece = new MidiReader().read(Path.of("..", "midi_songs", "the-entertainer.mid"));
        Recurrence r = Recurrence.of(piece);
        assertEquals(152, r.windows());
        assertEquals(0.908, r.exact(), 0.0005);
        assertEquals(0.987, r.rhythm(), 0.0005);
        assertEquals(0.382, r.distinct(), 0.0005);
    }
}
