package dev.cadenza.trainer;

import dev.cadenza.runtime.codec.Vocabulary;

/**
 * Data augmentation for the {@code timed} encoding with velocity bins: a window (or, training on whole pieces, a
 * piece) is played one bin louder or softer, every {@code v:K} token moved to {@code v:K+1} or {@code v:K-1}. The
 * notes, their timing and the key are untouched, so the music stays what it was, only its dynamics shift by about one
 * marking. A bin moved past the end of the range stays at the end ({@code v:8} +1 is {@code v:8}): the piece's loudest
 * passages are then one level less apart from the next ones, which decodes to valid music too.
 */
public final class VelocityJitter {
    private static final String VELOCITY = "v:";

    /** tables[shift + 1][id]: the id after moving velocity tokens by shift (-1, 0, +1); other tokens map to themselves. */
    private final int[][] tables;

    public VelocityJitter(Vocabulary vocabulary) {
        int bins = 0;
        for (int id = 0; id < vocabulary.size(); id++) bins = Math.max(bins, bin(vocabulary.token(id)));
        tables = new int[3][vocabulary.size()];
        for (int k = -1; k <= 1; k++) {
            int[] table = tables[k + 1];
            for (int id = 0; id < table.length; id++) {
                int b = bin(vocabulary.token(id));
                String moved = VELOCITY + Math.max(1, Math.min(bins, b + k));
                table[id] = b > 0 && vocabulary.contains(moved) ? vocabulary.id(moved) : id;
            }
        }
    }

    /** The bin of a {@code v:K} token, 0 for any other token. */
    private static int bin(String token) {
        if (!token.startsWith(VELOCITY)) return 0;
        try {
            return Integer.parseInt(token.substring(VELOCITY.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code id} with its velocity bin moved by {@code shift} (-1, 0 or +1). */
    public int apply(int id, int shift) {
        return tables[shift + 1][id];
    }

    /** A shift drawn from {@code random}: -1, 0 or +1 alike. */
    static int draw(java.util.SplittableRandom random) {
        return random.nextInt(3) - 1;
    }
}
