package dev.cadenza.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

class ClassicEncodingTest {
    private final ClassicEncoding classic = new ClassicEncoding();

    private static Note n(double onset, int pitch) {
        return new Note(onset, 1, pitch, 80);
    }

    @Test
    void handCheckedExamplesMatchTheTutorialsMusic21Spelling() {
        Piece piece = new Piece("x", List.of(
                n(0, 60), n(0, 64), n(0, 67),      // C E G together
                n(1, 64), n(1, 69),                // E A together
                n(2, 46),                          // B flat 2
                n(3, 78),                          // F sharp 5
                n(4, 60), n(4, 64), n(4, 69)),     // C E A: {0, 4, 9} needs a rotation
                120);
        assertEquals(List.of("0.4.7", "4.9", "B-2", "F#5", "9.0.4"), classic.encode(piece));
    }

    @Test
    void pitchNamesFollowMusic21() {
        assertEquals("C4", PitchNames.name(60));
        assertEquals("C#4", PitchNames.name(61));
        assertEquals("E-4", PitchNames.name(63));
        assertEquals("G#3", PitchNames.name(56));
        assertEquals("B-2", PitchNames.name(46));
        assertEquals("A0", PitchNames.name(21));
        for (int p = 12; p < 128; p++) assertEquals(p, PitchNames.parse(PitchNames.name(p)));
        assertEquals(61, PitchNames.parse("Db4"));
    }

    @Test
    void normalOrderPicksTheMostCompactRotation() {
        assertArrayEquals(new int[] {9, 0, 4}, NormalOrder.of(List.of(0, 4, 9)));
        assertArrayEquals(new int[] {4, 9}, NormalOrder.of(List.of(4, 9)));
        assertArrayEquals(new int[] {0, 4, 7}, NormalOrder.of(List.of(67, 60, 76)));
        assertArrayEquals(new int[] {11, 2, 5, 7}, NormalOrder.of(List.of(55, 59, 62, 65))); // G7: span 8
        assertArrayEquals(new int[] {0, 3, 6, 9}, NormalOrder.of(List.of(0, 3, 6, 9)));     // ties: lowest start
    }

    @Test
    void decodingPlacesAnEventEveryHalfQuarterWithChordsInOctaveFour() {
        Piece piece = classic.decode("d", List.of("E5", "0.4.7", "<end>", "C4"), 100);
        assertEquals(List.of(new Note(0, 1, 76, 90), new Note(0.5, 1, 60, 90), new Note(0.5, 1, 64, 90), new Note(0.5, 1, 67, 90)),
                piece.notes());
    }

    @Test
    void nearestMapsAnUnknownNoteOrChordToACloseKnownOne() {
        Vocabulary vocabulary = Vocabulary.of(classic, List.of("<pad>", "<start>", "<end>", "<unk>", "C4", "G4", "0.4.7", "2.5.9"));
        assertEquals("C4", vocabulary.nearest("C#4"));
        assertEquals("G4", vocabulary.nearest("A4"));
        assertEquals("0.4.7", vocabulary.nearest("0.3.7"));
        assertEquals("<unk>", vocabulary.nearest("???"));
    }
}
