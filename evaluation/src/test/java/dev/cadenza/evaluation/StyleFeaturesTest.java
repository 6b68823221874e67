package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class StyleFeaturesTest {
    private static final double EPS = 1e-12;

    @Test
    void aScaleInQuartersHasKnownFeatures() {
        StyleFeatures f = StyleFeatures.of(EvalPieces.cMajorScale()); // C4..C5, quarters, velocity 80
        assertEquals(12, f.pitchSpread(), EPS, "5th to 95th percentile of 8 notes: the lowest and highest");
        assertEquals(1.0, f.notesPerQuarter(), EPS);
        assertEquals(1.0, f.sounding(), EPS, "each note has ended when the next starts");
        assertEquals(1.0, f.interOnset(), EPS);
        assertEquals(0.0, f.lengthEntropy(), EPS, "one note value");
        assertEquals(80, f.meanVelocity(), EPS);
        assertEquals(0, f.velocitySpread(), EPS);
    }

    @Test
    void heldNotesAndChordsCountAsSounding() {
        // A whole-note bass under four quarter-note chords of two notes: three notes sound at every onset.
        List<Note> notes = new ArrayList<>();
        notes.add(new Note(0, 4, 36, 40));
        for (int beat = 0; beat < 4; beat++) {
            notes.add(new Note(beat, 1, 64, 100));
            notes.add(new Note(beat, 1, 67, 100));
        }
        StyleFeatures f = StyleFeatures.of(new Piece("chords", notes, 90));
        assertEquals(3.0, f.sounding(), EPS);
        assertEquals(9 / 4.0, f.notesPerQuarter(), EPS);
        assertEquals(1.0, f.interOnset(), EPS);
        double wholeShare = 1 / 9.0;
        assertEquals(-(wholeShare * Math.log(wholeShare) + (1 - wholeShare) * Math.log(1 - wholeShare)) / Math.log(2),
                f.lengthEntropy(), EPS, "one whole note, eight quarters");
        assertEquals((40 + 8 * 100) / 9.0, f.meanVelocity(), EPS);
        assertEquals(Math.sqrt(8) / 9 * 60, f.velocitySpread(), 1e-9, "sd of one 40 among eight 100s");
    }

    @Test
    void featuresDoNotChangeWithKeyOrTempo() {
        Piece piece = EvalPieces.melody(60, 64, 67, 72, 71, 67, 62, 60);
        Piece moved = new Piece("moved", piece.transposed(5).notes(), 60);
        assertArrayEquals(StyleFeatures.of(piece).vector(), StyleFeatures.of(moved).vector(), EPS);
    }

    @Test
    void anEmptyPieceIsAllZeros() {
        assertArrayEquals(new double[7], StyleFeatures.of(new Piece("empty", List.of(), 120)).vector(), EPS);
    }
}
