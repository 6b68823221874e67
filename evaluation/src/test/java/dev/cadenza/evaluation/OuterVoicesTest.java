package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class OuterVoicesTest {

    @Test
    void aMelodyOverAHeldBassMovesIndependently() {
        List<Note> notes = new ArrayList<>();
        notes.add(new Note(0, 4, 48, 70)); // C3 held a whole bar
        int[] melody = {72, 74, 76, 77};
        for (int i = 0; i < melody.length; i++) notes.add(new Note(i, 1, melody[i], 80));
        OuterVoices v = OuterVoices.of(new Piece("held bass", notes, 120));
        assertEquals(3, v.moves());
        assertEquals(1.0, v.independence());
        assertEquals(1.0, v.topSteps(), "C D E F: every move of the top is a step");
    }

    @Test
    void blockChordsMovingTogetherAreNotIndependent() {
        List<Note> notes = new ArrayList<>();
        int[] roots = {60, 62, 64, 65, 67};
        for (int i = 0; i < roots.length; i++) {
            for (int interval : new int[] {0, 4, 7}) notes.add(new Note(i, 1, roots[i] + interval, 80));
        }
        OuterVoices v = OuterVoices.of(new Piece("parallel triads", notes, 120));
        assertEquals(4, v.moves());
        assertEquals(0.0, v.independence());
    }

    @Test
    void contraryMotionIsIndependent() {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            notes.add(new Note(i, 1, 60 - i, 80));
            notes.add(new Note(i, 1, 72 + i, 80));
        }
        assertEquals(1.0, OuterVoices.of(new Piece("wedge", notes, 120)).independence());
    }

    @Test
    void aSingleLineHasNoBassUnderIt() {
        OuterVoices v = OuterVoices.of(EvalPieces.cMajorScale());
        assertEquals(7, v.moves());
        assertEquals(0.0, v.independence());
        assertEquals(1.0, v.topSteps());
    }

    @Test
    void leapsOnTopAreNotSteps() {
        OuterVoices v = OuterVoices.of(EvalPieces.melody(60, 67, 60, 72, 74));
        assertEquals(0.25, v.topSteps(), 1e-12, "one step (72 to 74) among four changes");
    }

    /**
     * Random notes over four octaves: the top line is a scatter of leaps (few steps), yet the outer voices of a
     * random scatter move independently about as often as a real piece's: independence alone does not show texture.
     */
    @Test
    void randomNotesHaveNoMelodyOnTopButLookIndependent() {
        java.util.Random random = new java.util.Random(11);
        List<Note> notes = new ArrayList<>();
        double time = 0;
        double[] gaps = {0, 0, 0, 0.25, 0.5, 0.5, 1};
        double[] lengths = {0.25, 0.5, 1, 1.5, 2};
        for (int i = 0; i < 600; i++) {
            time += gaps[random.nextInt(gaps.length)];
            notes.add(new Note(time, lengths[random.nextInt(lengths.length)], 36 + random.nextInt(49), 80));
        }
        OuterVoices v = OuterVoices.of(new Piece("random", notes, 120));
        assertTrue(v.topSteps() < 0.2, "top-line steps of random notes: " + v.topSteps());
        assertTrue(v.independence() > 0.4 && v.independence() < 0.8, "independence of random notes: " + v.independence());
    }

    @Test
    void aRealRagHasAMelodyOverItsBass() throws Exception {
        Piece piece = new MidiReader().read(Path.of("..", "midi_songs", "the-entertainer.mid"));
        OuterVoices v = OuterVoices.of(piece);
        assertTrue(v.moves() > 500, "moves: " + v.moves());
        assertTrue(v.independence() > 0.6, "independence: " + v.independence());
        assertTrue(v.topSteps() > 0.4, "top-line steps: " + v.topSteps());
    }
}
