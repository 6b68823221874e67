package dev.cadenza.runtime.music;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A key: a tonic pitch class and major or minor. Printed the way musicians write key names, with the flat or sharp
 * spelling that has fewer accidentals in its signature ({@code C}, {@code Eb}, {@code F#}, {@code Am}, {@code Bbm},
 * {@code C#m}); parsed from any spelling ({@code D#m} and {@code Ebm} are the same key).
 *
 * @param tonic pitch class of the tonic, 0 (C) to 11 (B)
 * @param minor true for minor, false for major
 */
public record Key(int tonic, boolean minor) {
    private static final String[] MAJOR_NAMES = {"C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};
    private static final String[] MINOR_NAMES = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"};
    private static final int[] LETTERS = {9, 11, 0, 2, 4, 5, 7}; // A B C D E F G
    /** Scale degrees in semitones above the tonic: major, and harmonic minor (raised seventh). */
    private static final int[] MAJOR_SCALE = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] HARMONIC_MINOR_SCALE = {0, 2, 3, 5, 7, 8, 11};
    /** The prefix of a key token in the timed encoding ({@code k:Am}). */
    public static final String TOKEN_PREFIX = "k:";

    public Key {
        if (tonic < 0 || tonic > 11) throw new IllegalArgumentException("tonic pitch class must be 0..11, got " + tonic);
    }

    /** All 24 keys: the 12 major keys from C, then the 12 minor keys from C minor. */
    public static List<Key> all() {
        List<Key> out = new ArrayList<>(24);
        for (int m = 0; m < 2; m++) {
            for (int t = 0; t < 12; t++) out.add(new Key(t, m == 1));
        }
        return out;
    }

    /**
     * Reads a key name: a letter A-G, an optional {@code #} or {@code b}, and {@code m} for minor ("C", "Am", "Eb",
     * "F#m", "Bbm"; "min"/"minor" and "maj"/"major" are accepted too, any case for the letter).
     *
     * @throws IllegalArgumentException naming the text when it is not a key
     */
    public static Key parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("'' is not a key (try C, Am, Eb, F#m, Bbm)");
        String s = text.strip();
        char letter = Character.toUpperCase(s.charAt(0));
        if (letter < 'A' || letter > 'G') throw notAKey(text);
        int pc = LETTERS[letter - 'A'];
        int i = 1;
        if (i < s.length() && (s.charAt(i) == '#' || s.charAt(i) == 'b')) {
            pc += s.charAt(i) == '#' ? 1 : -1;
            i++;
        }
        String mode = s.substring(i).strip();
        boolean minor;
        if (mode.isEmpty() || mode.equalsIgnoreCase("maj") || mode.equalsIgnoreCase("major")) {
            minor = false;
        } else if (mode.equals("m") || mode.equalsIgnoreCase("min") || mode.equalsIgnoreCase("minor")) {
            minor = true;
        } else {
            throw notAKey(text);
        }
        return new Key(Math.floorMod(pc, 12), minor);
    }

    private static IllegalArgumentException notAKey(String text) {
        return new IllegalArgumentException("'" + text + "' is not a key (try C, Am, Eb, F#m, Bbm)");
    }

    /** The key as a timed-encoding token, {@code k:Am}. */
    public String token() {
        return TOKEN_PREFIX + this;
    }

    /** The key a token names, or null when the token is not a canonical key token. */
    public static Key fromToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) return null;
        try {
            Key key = parse(token.substring(TOKEN_PREFIX.length()));
            return key.token().equals(token) ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a MIDI pitch (or pitch class) is in the key's scale: major, or harmonic minor for minor keys. */
    public boolean inScale(int pitch) {
        int degree = Math.floorMod(pitch - tonic, 12);
        for (int d : minor ? HARMONIC_MINOR_SCALE : MAJOR_SCALE) {
            if (d == degree) return true;
        }
        return false;
    }

    /** The key {@code semitones} higher (lower when negative), same mode. */
    public Key transpose(int semitones) {
        return new Key(Math.floorMod(tonic + semitones, 12), minor);
    }

    @Override
    public String toString() {
        return minor ? MINOR_NAMES[tonic] + "m" : MAJOR_NAMES[tonic];
    }

    /** The key name in words for reports: "A minor", "E-flat major". */
    public String describe() {
        String name = (minor ? MINOR_NAMES : MAJOR_NAMES)[tonic];
        String spelled = name.length() == 1 ? name : name.charAt(0) + (name.charAt(1) == '#' ? "-sharp" : "-flat");
        return spelled + (minor ? " minor" : " major").toLowerCase(Locale.ROOT);
    }
}
