package dev.cadenza.trainer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.music.Key;

/**
 * Data augmentation for the {@code timed} encoding: moves the {@code n:PITCH} tokens of a window by a few semitones,
 * and its key token ({@code k:Am}) with them.
 * Each window gets its own shift each epoch (drawn from the seed, the epoch and its place in the batch), so the
 * network sees every key without the epoch getting longer. A shift that would push a note off the piano (21..108)
 * or onto a token outside the vocabulary is not used for that window: it stays in its key.
 */
public final class Transposer {
    private static final String NOTE = "n:";
    static final int LOWEST_KEY = 21;
    static final int HIGHEST_KEY = 108;

    private final int range;
    /** tables[shift + range][id] = the id after shifting, or -1 when the shift cannot apply to that token. */
    private final int[][] tables;

    public Transposer(Vocabulary vocabulary, int range) {
        this.range = range;
        this.tables = new int[2 * range + 1][vocabulary.size()];
        for (int k = -range; k <= range; k++) {
            int[] table = tables[k + range];
            for (int id = 0; id < vocabulary.size(); id++) {
                String token = vocabulary.token(id);
                Integer pitch = pitch(token);
                Key key = Key.fromToken(token);
                if (key != null && k != 0) {
                    String moved = key.transpose(k).token();
                    table[id] = vocabulary.contains(moved) ? vocabulary.id(moved) : -1;
                } else if (pitch == null || k == 0) {
                    table[id] = id;
                } else {
                    String moved = NOTE + (pitch + k);
                    boolean ok = pitch + k >= LOWEST_KEY && pitch + k <= HIGHEST_KEY && vocabulary.contains(moved);
                    table[id] = ok ? vocabulary.id(moved) : -1;
                }
            }
        }
    }

    /** Whether token-level transposition makes sense for an encoding (only {@code timed} spells pitches as n:P). */
    public static boolean supports(String encoding) {
        return TimedEncoding.NAME.equals(encoding);
    }

    public int range() {
        return range;
    }

    /**
     * Every note token of {@code streams} moved by -range..+range semitones (within the piano), for building a
     * vocabulary that holds the transposed notes too.
     */
    public static List<String> transposedNoteTokens(List<List<String>> streams, int range) {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> stream : streams) {
            for (String token : stream) {
                Integer pitch = pitch(token);
                if (pitch == null) continue;
                for (int k = -range; k <= range; k++) {
                    if (pitch + k >= LOWEST_KEY && pitch + k <= HIGHEST_KEY) out.add(NOTE + (pitch + k));
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static Integer pitch(String token) {
        if (!token.startsWith(NOTE)) return null;
        try {
            return Integer.parseInt(token.substring(NOTE.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Writes {@code ids[from..to)} shifted by {@code shift} into {@code out}, or returns false (leaving {@code out}
     * unspecified) when some token cannot take that shift.
     */
    public boolean shift(int[] ids, int from, int to, int shift, int[] out) {
        if (shift < -range || shift > range) throw new IllegalArgumentException("shift outside +-" + range + ": " + shift);
        int[] table = tables[shift + range];
        for (int i = from; i < to; i++) {
            int moved = table[ids[i]];
            if (moved < 0) return false;
            out[i - from] = moved;
        }
        return true;
    }
}
