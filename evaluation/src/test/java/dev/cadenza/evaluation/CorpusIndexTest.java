package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CorpusIndexTest {
    private static List<String> tokens(String text) {
        return Arrays.asList(text.split(" "));
    }

    @Test
    void findsTheLongestCopyAndWhereItCameFrom() {
        CorpusIndex index = new CorpusIndex(List.of(tokens("a b c d e"), tokens("x y z a b c d q")));
        CorpusIndex.Match m = index.longestCopy(tokens("k a b c d q r"));
        assertEquals(5, m.length());
        assertEquals(1, m.queryStart());
        assertEquals(1, m.piece());
        assertEquals(3, m.pieceStart());
    }

    @Test
    void copiesDoNotSpanTwoPieces() {
        CorpusIndex index = new CorpusIndex(List.of(tokens("a b"), tokens("c d")));
        assertEquals(1, index.longestCopy(tokens("b c")).length());
    }

    @Test
    void unknownTokensBreakACopy() {
        CorpusIndex index = new CorpusIndex(List.of(tokens("a b c d")));
        assertEquals(2, index.longestCopy(tokens("a b NEW c d")).length());
        assertEquals(0, index.longestCopy(tokens("NEW OTHER")).length());
        assertEquals(-1, index.longestCopy(tokens("NEW OTHER")).piece());
    }

    @Test
    void aWholePieceCopiedIsFound() {
        List<String> piece = tokens("n:60 d:12 n:64 d:12 w:12 n:67 d:6");
        CorpusIndex index = new CorpusIndex(List.of(tokens("n:60 d:3"), piece));
        assertEquals(new CorpusIndex.Match(piece.size(), 0, 1, 0), index.longestCopy(piece));
    }

    @Test
    void agreesWithBruteForceOnRandomStreams() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<List<String>> corpus = new ArrayList<>();
            for (int s = 0, n = 1 + random.nextInt(4); s < n; s++) corpus.add(randomTokens(random, 1 + random.nextInt(30)));
            List<String> query = randomTokens(random, 1 + random.nextInt(30));
            CorpusIndex.Match m = new CorpusIndex(corpus).longestCopy(query);
            assertEquals(bruteForce(corpus, query), m.length());
            if (m.length() > 0) { // the reported place really holds the copy
                assertEquals(query.subList(m.queryStart(), m.queryStart() + m.length()),
                        corpus.get(m.piece()).subList(m.pieceStart(), m.pieceStart() + m.length()));
            }
        }
    }

    private static List<String> randomTokens(Random random, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(String.valueOf((char) ('a' + random.nextInt(3))));
        return out;
    }

    private static int bruteForce(List<List<String>> corpus, List<String> query) {
        int best = 0;
        for (List<String> piece : corpus) {
            for (int i = 0; i < query.size(); i++) {
                for (int j = 0; j < piece.size(); j++) {
                    int k = 0;
                    while (i + k < query.size() && j + k < piece.size() && query.get(i + k).equals(piece.get(j + k))) k++;
                    best = Math.max(best, k);
                }
            }
        }
        return best;
    }
}
