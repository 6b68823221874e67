package dev.cadenza.evaluation;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.music.Key;

/**
 * How well a piece keeps to the key it was asked for: the share of its notes whose pitch class is in that key's scale
 * (major, or harmonic minor for minor keys). Every note counts once, whatever its length, as a listener hears a wrong
 * note however short it is.
 *
 * <p>The seventh degree is counted apart, because it is what tells a minor key from its relative major: A minor's
 * leading tone G-sharp is in A harmonic minor but not in C major, its lowered seventh G the other way round. A piece
 * "in A minor" with no G-sharp is C major's notes heard from A.
 *
 * @param piece          the piece's name
 * @param key            the key asked for
 * @param notes          how many notes the piece has
 * @param fit            the share of them in the key's scale, 0..1 (0 for a piece without notes)
 * @param leadingTone    the share of them a semitone below the tonic (G-sharp in A minor, B in C major)
 * @param loweredSeventh the share a whole tone below the tonic (G in A minor, B-flat in C major): outside the scale
 */
public record KeyFit(String piece, Key key, int notes, double fit, double leadingTone, double loweredSeventh) {
    public static KeyFit of(Piece piece, Key key) {
        int in = 0;
        int leading = 0;
        int lowered = 0;
        for (Note n : piece.notes()) {
            if (key.inScale(n.pitch())) in++;
            int degree = Math.floorMod(n.pitch() - key.tonic(), 12);
            if (degree == 11) leading++;
            if (degree == 10) lowered++;
        }
        int total = piece.notes().size();
        return total == 0 ? new KeyFit(piece.name(), key, 0, 0, 0, 0)
                : new KeyFit(piece.name(), key, total, in / (double) total, leading / (double) total, lowered / (double) total);
    }

    /**
     * The key a generated token stream was asked for: its first token when that is a key token ({@code k:Am}; the
     * primer's), else null.
     */
    public static Key askedKey(List<String> musicalTokens) {
        return musicalTokens.isEmpty() ? null : Key.fromToken(musicalTokens.get(0));
    }

    /** The fits of the pieces whose streams open with a key token; empty when none does. */
    public static List<KeyFit> of(List<Piece> pieces, List<List<String>> musicalTokens) {
        List<KeyFit> out = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Key key = askedKey(musicalTokens.get(i));
            if (key != null) out.add(of(pieces.get(i), key));
        }
        return out;
    }

    /**
     * As {@link #of(List, List)} for pieces whose music was moved from their tokens by {@code transposes} semitones
     * (a key-normalised model's: its streams open in C or A minor, its music in the asked key), so the asked key is
     * the stream's key moved likewise.
     */
    public static List<KeyFit> of(List<Piece> pieces, List<List<String>> musicalTokens, List<Integer> transposes) {
        List<KeyFit> out = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Key key = askedKey(musicalTokens.get(i));
            if (key != null) out.add(of(pieces.get(i), key.transpose(transposes.get(i))));
        }
        return out;
    }

    /** The mean fit over pieces (NaN for none). */
    public static double mean(List<KeyFit> fits) {
        return fits.stream().mapToDouble(KeyFit::fit).average().orElse(Double.NaN);
    }

    /** The mean leading-tone share over pieces (NaN for none). */
    public static double meanLeadingTone(List<KeyFit> fits) {
        return fits.stream().mapToDouble(KeyFit::leadingTone).average().orElse(Double.NaN);
    }

    /** The mean lowered-seventh share over pieces (NaN for none). */
    public static double meanLoweredSeventh(List<KeyFit> fits) {
        return fits.stream().mapToDouble(KeyFit::loweredSeventh).average().orElse(Double.NaN);
    }

    /** The pieces that were asked for a minor key. */
    public static List<KeyFit> minor(List<KeyFit> fits) {
        return fits.stream().filter(f -> f.key().minor()).toList();
    }
}
