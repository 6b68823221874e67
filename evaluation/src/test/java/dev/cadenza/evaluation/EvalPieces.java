package dev.cadenza.evaluation;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/** Small hand-made pieces whose features are known by heart. */
final class EvalPieces {
    private EvalPieces() {
    }

    /** Quarter notes, one after another, at 120 BPM. */
    static Piece melody(int... pitches) {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < pitches.length; i++) notes.add(new Note(i, 1, pitches[i], 80));
        return new Piece("melody", notes, 120);
    }

    /** C4 D4 E4 F4 G4 A4 B4 C5. */
    static Piece cMajorScale() {
        return melody(60, 62, 64, 65, 67, 69, 71, 72);
    }

    static Piece repeated(int pitch, int times) {
        int[] pitches = new int[times];
        java.util.Arrays.fill(pitches, pitch);
        return melody(pitches);
    }
}
