package dev.cadenza.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers "what is the longest stretch of this piece copied verbatim from the corpus?" exactly, in time linear in the
 * piece's length. It holds a suffix automaton of all corpus token streams (each stream followed by a separator of
 * its own, so that no match spans two pieces); walking a query through it finds the longest common substring.
 */
public final class CorpusIndex {
    /**
     * A verbatim copy.
     *
     * @param length      tokens copied (0 when not even one token is shared)
     * @param queryStart  where the copy starts in the query
     * @param piece       index of the corpus stream it was copied from (-1 when length is 0)
     * @param pieceStart  where it starts in that stream
     */
    public record Match(int length, int queryStart, int piece, int pieceStart) {
    }

    private final Map<String, Integer> symbols = new HashMap<>();
    private final int[] streamStarts; // position of each stream's first token in the concatenation
    // Suffix automaton states; transitions per state in a small map because the alphabet is sparse.
    private final List<Map<Integer, Integer>> next = new ArrayList<>();
    private int[] len = new int[16];
    private int[] link = new int[16];
    private int[] firstEnd = new int[16];
    private int last;

    public CorpusIndex(List<? extends List<String>> streams) {
        streamStarts = new int[streams.size()];
        newState(0, -1, -1);
        last = 0;
        int position = 0;
        for (int s = 0; s < streams.size(); s++) {
            streamStarts[s] = position;
            for (String token : streams.get(s)) {
                extend(symbols.computeIfAbsent(token, t -> symbols.size()), position++);
            }
            extend(-1 - s, position++); // a separator no query contains
        }
    }

    private int newState(int length, int suffixLink, int end) {
        int id = next.size();
        if (id == len.length) {
            len = Arrays.copyOf(len, id * 2);
            link = Arrays.copyOf(link, id * 2);
            firstEnd = Arrays.copyOf(firstEnd, id * 2);
        }
        next.add(new HashMap<>(4));
        len[id] = length;
        link[id] = suffixLink;
        firstEnd[id] = end;
        return id;
    }

    private void extend(int symbol, int position) {
        int current = newState(len[last] + 1, -1, position);
        int p = last;
        while (p != -1 && !next.get(p).containsKey(symbol)) {
            next.get(p).put(symbol, current);
            p = link[p];
        }
        if (p == -1) {
            link[current] = 0;
        } else {
            int q = next.get(p).get(symbol);
            if (len[p] + 1 == len[q]) {
                link[current] = q;
            } else {
                int clone = newState(len[p] + 1, link[q], firstEnd[q]);
                next.get(clone).putAll(next.get(q));
                while (p != -1 && next.get(p).get(symbol) == q) {
                    next.get(p).put(symbol, clone);
                    p = link[p];
                }
                link[q] = clone;
                link[current] = clone;
            }
        }
        last = current;
    }

    /** The longest stretch of {@code query} that occurs, token for token, in one corpus stream. */
    public Match longestCopy(List<String> query) {
        int state = 0;
        int length = 0;
        int bestLength = 0;
        int bestEnd = -1;
        int bestState = 0;
        for (int i = 0; i < query.size(); i++) {
            Integer symbol = symbols.get(query.get(i));
            if (symbol == null) { // a token the corpus never had: no copy runs through it
                state = 0;
                length = 0;
                continue;
            }
            while (state != 0 && !next.get(state).containsKey(symbol)) {
                state = link[state];
                length = len[state];
            }
            Integer to = next.get(state).get(symbol);
            if (to != null) {
                state = to;
                length++;
            }
            if (length > bestLength) {
                bestLength = length;
                bestEnd = i;
                bestState = state;
            }
        }
        if (bestLength == 0) return new Match(0, 0, -1, 0);
        int corpusStart = firstEnd[bestState] - bestLength + 1;
        int piece = Arrays.binarySearch(streamStarts, corpusStart);
        if (piece < 0) piece = -piece - 2;
        return new Match(bestLength, bestEnd - bestLength + 1, piece, corpusStart - streamStarts[piece]);
    }
}
