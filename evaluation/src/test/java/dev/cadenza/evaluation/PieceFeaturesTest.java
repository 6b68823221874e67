package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class PieceFeaturesTest {
    private static final double EPS = 1e-12;

    @Test
    void cMajorScaleHasKnownFeatures() {
        PieceFeatures f = PieceFeatures.of(EvalPieces.cMajorScale());
        assertEquals(8, f.pitchCount());
        assertEquals(12, f.pitchRange());
        double[] pch = new double[12];
        pch[0] = 2 / 8.0; // C4 and C5
        for (int pc : new int[] {2, 4, 5, 7, 9, 11}) pch[pc] = 1 / 8.0;
        assertArrayEquals(pch, f.pitchClassHistogram(), EPS);
        assertEquals(12 / 7.0, f.meanAbsInterval(), EPS); // 2+2+1+2+2+2+1 over 7 steps
        assertEquals(4.0, f.notesPerBar(), EPS); // 8 quarters = 2 bars of 4/4
        assertEquals(1.0, f.meanInterOnset(), EPS);
        assertEquals(1.0, f.noteLengthHistogram()[2], EPS); // all quarters
        assertEquals(1 / 7.0, f.pitchClassTransitions()[0][2], EPS); // C -> D
        assertEquals(1 / 7.0, f.pitchClassTransitions()[11][0], EPS); // B -> C
        assertEquals(0.0, f.pitchClassTransitions()[2][0], EPS);
    }

    @Test
    void chordsCountOneOnsetAndLengthsFindTheirClass() {
        Piece piece = new Piece("chords", List.of(
                new Note(0, 1.5, 60, 80), new Note(0, 1.5, 64, 80), new Note(0, 1.5, 67, 80), // dotted quarters
                new Note(2, 1.0 / 3, 72, 80), new Note(3, 0.25, 48, 80)), 100);
        PieceFeatures f = PieceFeatures.of(piece);
        assertEquals(1.5, f.meanInterOnset(), EPS); // onsets 0, 2, 3
        assertEquals(3 / 5.0, f.noteLengthHistogram()[6], EPS); // dotted quarter
        assertEquals(1 / 5.0, f.noteLengthHistogram()[11], EPS); // eighth triplet
        assertEquals(1 / 5.0, f.noteLengthHistogram()[4], EPS); // sixteenth
        assertEquals(24, f.pitchRange());
        assertEquals((4 + 3 + 5 + 24) / 4.0, f.meanAbsInterval(), EPS);
        assertEquals(5.0, f.notesPerBar(), EPS); // 3.25 quarters: one bar
    }

    @Test
    void lengthClassesAreNearestByRatio() {
        assertEquals(0, PieceFeatures.lengthClass(9)); // longer than a whole note: whole
        assertEquals(3, PieceFeatures.lengthClass(0.49));
        assertEquals(4, PieceFeatures.lengthClass(0.1));
        assertEquals(10, PieceFeatures.lengthClass(0.66));
    }

    @Test
    void distancesBetweenPiecesAreEuclidean() {
        PieceFeatures scale = PieceFeatures.of(EvalPieces.cMajorScale());
        PieceFeatures one = PieceFeatures.of(EvalPieces.repeated(60, 8));
        assertEquals(12, Feature.PITCH_RANGE.distance(scale, one), EPS);
        assertEquals(7, Feature.PITCH_COUNT.distance(scale, one), EPS);
        // pitch-class histograms (0.25, 6 x 0.125) and (1, 0...): sqrt(0.75^2 + 6 * 0.125^2)
        assertEquals(Math.sqrt(0.5625 + 6 * 0.015625), Feature.PITCH_CLASS_HISTOGRAM.distance(scale, one), EPS);
        assertEquals(0, Feature.NOTE_LENGTH_HISTOGRAM.distance(scale, one), EPS);
    }
}
