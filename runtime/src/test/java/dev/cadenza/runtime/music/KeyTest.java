package dev.cadenza.runtime.music;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class KeyTest {
    @Test
    void keyNamesParseAndPrintAsMusiciansWriteThem() {
        assertEquals(new Key(0, false), Key.parse("C"));
        assertEquals(new Key(9, true), Key.parse("Am"));
        assertEquals(new Key(3, false), Key.parse("Eb"));
        assertEquals(new Key(6, true), Key.parse("F#m"));
        assertEquals(new Key(10, true), Key.parse("Bbm"));
        for (String name : List.of("C", "Am", "Eb", "F#m", "Bbm", "Db", "C#m", "G#m", "Ab", "F#", "B")) {
            assertEquals(name, Key.parse(name).toString());
        }
        assertEquals("Eb", Key.parse("D#").toString(), "any spelling reads; the usual one prints");
        assertEquals("Ebm", Key.parse("d#m").toString());
        assertEquals(Key.parse("Am"), Key.parse("A minor"));
        assertEquals("E-flat major", Key.parse("Eb").describe());
        assertEquals(24, new HashSet<>(Key.all().stream().map(Key::toString).toList()).size());
    }

    @Test
    void aWrongKeyNameIsOneClearMessage() {
        for (String bad : List.of("", "H", "Cx", "Amm", "C minor!")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Key.parse(bad));
            assertTrue(e.getMessage().contains("is not a key (try C, Am, Eb, F#m, Bbm)"), e.getMessage());
        }
    }

    @Test
    void majorScalesAndHarmonicMinorScales() {
        List<Integer> cMajor = IntStream.range(60, 72).filter(Key.parse("C")::inScale).boxed().toList();
        assertEquals(List.of(60, 62, 64, 65, 67, 69, 71), cMajor);
        // A harmonic minor: A B C D E F G#, so G# is in and G is out.
        List<Integer> aMinor = IntStream.range(57, 69).filter(Key.parse("Am")::inScale).boxed().toList();
        assertEquals(List.of(57, 59, 60, 62, 64, 65, 68), aMinor);
        assertTrue(Key.parse("Bbm").inScale(61)); // Db
        assertFalse(Key.parse("Bbm").inScale(62)); // D natural
    }

    @Test
    void transposingMovesTheTonicAroundTheCircle() {
        assertEquals(Key.parse("Cm"), Key.parse("Am").transpose(3));
        assertEquals(Key.parse("B"), Key.parse("C").transpose(-1));
        assertEquals(Key.parse("F#m"), Key.parse("F#m").transpose(12));
    }

    @Test
    void keyTokensAreCanonical() {
        assertEquals("k:Am", Key.parse("Am").token());
        assertEquals(Key.parse("Eb"), Key.fromToken("k:Eb"));
        assertNull(Key.fromToken("k:D#"), "only the printed spelling is a token");
        assertNull(Key.fromToken("n:60"));
        assertNull(Key.fromToken("k:X"));
    }
}
