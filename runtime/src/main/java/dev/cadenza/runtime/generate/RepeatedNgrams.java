package dev.cadenza.runtime.generate;

import java.util.BitSet;

/**
 * The no-repeat n-gram rule: which next tokens would complete an n-gram that the stream already holds. The stream is
 * a primer followed by what was generated, read in place from both arrays (no copy per step). A scan of the whole
 * stream per step: most positions fail at their first token, so a few thousand tokens cost microseconds, and a beam
 * branch needs no index of its own to copy.
 */
final class RepeatedNgrams {
    private RepeatedNgrams() {
    }

    /**
     * Fills {@code banned} (cleared first) with every id that follows an earlier occurrence of the stream's last
     * {@code n - 1} tokens.
     *
     * @param head    the stream's first part (the primer)
     * @param tail    its second part (generated ids), of which the first {@code tailLength} count
     * @param n       the n-gram size, at least 2
     * @return whether any id is banned
     */
    static boolean ban(int[] head, int[] tail, int tailLength, int n, BitSet banned) {
        banned.clear();
        int length = head.length + tailLength;
        int context = n - 1;
        if (length < n) return false;
        int from = length - context; // the context is stream[from .. length)
        int first = at(head, tail, from);
        boolean any = false;
        for (int j = 0; j + context < length; j++) { // stream[j .. j + n) lies wholly in the stream
            if (at(head, tail, j) != first) continue;
            int k = 1;
            while (k < context && at(head, tail, j + k) == at(head, tail, from + k)) k++;
            if (k == context) {
                banned.set(at(head, tail, j + context));
                any = true;
            }
        }
        return any;
    }

    /** {@link #ban} over one array: the stream is {@code stream[0 .. length)}. */
    static boolean ban(int[] stream, int length, int n, BitSet banned) {
        return ban(NOTHING, stream, length, n, banned);
    }

    private static final int[] NOTHING = new int[0];

    private static int at(int[] head, int[] tail, int i) {
        return i < head.length ? head[i] : tail[i - head.length];
    }
}
