package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScaleConsistencyTest {
    @Test
    void cMajorScaleIsFullyInCMajor() {
        ScaleConsistency s = ScaleConsistency.of(EvalPieces.cMajorScale());
        assertEquals(1.0, s.share(), 1e-12);
        assertEquals("C major", s.scale());
    }

    @Test
    void harmonicMinorIsRecognised() {
        ScaleConsistency s = ScaleConsistency.of(EvalPieces.melody(57, 59, 60, 62, 64, 65, 68, 69)); // A harmonic minor
        assertEquals(1.0, s.share(), 1e-12);
        assertEquals("A harmonic minor", s.scale());
    }

    @Test
    void chromaticScaleFitsSevenOfTwelve() {
        ScaleConsistency s = ScaleConsistency.of(EvalPieces.melody(60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71));
        assertEquals(7 / 12.0, s.share(), 1e-12);
    }

    @Test
    void oneNoteOutOfFourOutside() {
        // Four semitones in a row: no major or harmonic minor scale holds more than three of them.
        assertEquals(0.75, ScaleConsistency.of(EvalPieces.melody(60, 61, 62, 63)).share(), 1e-12);
    }
}
