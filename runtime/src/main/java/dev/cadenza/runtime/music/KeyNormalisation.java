package dev.cadenza.runtime.music;

/**
 * Key normalisation: every piece moved so that its key becomes C major or A minor (the two keys without sharps or
 * flats), so that a model learns one major and one minor key from all its pieces instead of spreading them over 24.
 * A key-normalised model writes in C or A minor, and its output is moved back by the opposite shift to the key asked
 * for (or to the key of the primer it continues).
 */
public final class KeyNormalisation {
    private KeyNormalisation() {
    }

    /** The key every piece of this mode is moved to: C major, or A minor. */
    public static Key reference(boolean minor) {
        return minor ? new Key(9, true) : new Key(0, false);
    }

    /**
     * The semitones that move {@code key} onto its mode's reference key, the smaller way round: -5..+6 (F# major goes
     * up to C, F major down to C), so a piece moves by at most half an octave and keeps its register.
     */
    public static int shift(Key key) {
        int up = Math.floorMod(reference(key.minor()).tonic() - key.tonic(), 12);
        return up > 6 ? up - 12 : up;
    }
}
