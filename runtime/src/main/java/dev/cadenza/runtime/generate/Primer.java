package dev.cadenza.runtime.generate;

import java.util.Map;

import dev.cadenza.runtime.midi.Piece;

/**
 * What a piece starts from, as ids of the model's vocabulary.
 *
 * @param ids          the tokens fed before generation starts (at least START)
 * @param replacements tokens the model never saw, each with the known token that stood in for it
 * @param source       where it came from, for reports: {@code start}, a file name, or {@code file@offset}
 * @param transpose    semitones the decoded music is moved by: a key-normalised model writes in C major or A minor,
 *                     and this puts its output in the asked key or the primer's own key (0 for other models)
 */
public record Primer(int[] ids, Map<String, String> replacements, String source, int transpose) {
    public Primer {
        if (ids.length == 0) throw new IllegalArgumentException("a primer must hold at least one token");
        replacements = Map.copyOf(replacements);
    }

    /** A primer whose music needs no moving (every model that does not normalise keys). */
    public Primer(int[] ids, Map<String, String> replacements, String source) {
        this(ids, replacements, source, 0);
    }

    /** Music decoded from this primer's stream, moved to where it belongs ({@link #transpose}). */
    public Piece place(Piece decoded) {
        return decoded.transposed(transpose);
    }
}
