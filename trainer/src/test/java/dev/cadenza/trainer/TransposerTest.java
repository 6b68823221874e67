package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.codec.Encodings;
import dev.cadenza.runtime.codec.Vocabulary;

class TransposerTest {
    private final List<String> piece = List.of("<start>", "n:60", "d:12", "w:12", "n:62", "d:6", "<end>");
    private final Vocabulary vocabulary = Vocabulary.build(Encodings.byName("timed"),
            List.of(piece, Transposer.transposedNoteTokens(List.of(piece), 2)));

    @Test
    void theVocabularyKnowsEveryTransposedNote() {
        for (int p = 58; p <= 64; p++) assertTrue(vocabulary.contains("n:" + p), "n:" + p);
        assertFalse(vocabulary.contains("n:65"));
    }

    @Test
    void onlyNoteTokensMoveAndSpecialsAndTimesStay() {
        Transposer transposer = new Transposer(vocabulary, 2);
        int[] ids = vocabulary.ids(piece);
        int[] out = new int[ids.length];
        assertTrue(transposer.shift(ids, 0, ids.length, -2, out));
        assertEquals(List.of("<start>", "n:58", "d:12", "w:12", "n:60", "d:6", "<end>"), vocabulary.tokens(out));
        assertTrue(transposer.shift(ids, 1, 3, 0, out));
        assertArrayEquals(new int[]{ids[1], ids[2]}, java.util.Arrays.copyOf(out, 2));
    }

    @Test
    void aShiftOffTheKnownNotesOrThePianoIsRefused() {
        Vocabulary low = Vocabulary.build(Encodings.byName("timed"), List.of(List.of("n:21", "n:22", "d:1")));
        int[] ids = low.ids(List.of("n:21", "d:1"));
        assertFalse(new Transposer(low, 1).shift(ids, 0, 2, -1, new int[2]), "below the piano's lowest key");
        assertTrue(new Transposer(low, 1).shift(ids, 0, 2, 1, new int[2]));
    }

    @Test
    void theKeyTokenMovesWithTheNotes() {
        dev.cadenza.runtime.codec.TimedEncoding keyed = new dev.cadenza.runtime.codec.TimedEncoding(
                new dev.cadenza.runtime.codec.TimedEncoding.Options(0, true, true));
        List<String> inA = List.of("<start>", "k:Am", "n:57", "d:12", "w:12", "n:64", "d:6", "<end>");
        List<String> keys = dev.cadenza.runtime.music.Key.all().stream().map(dev.cadenza.runtime.music.Key::token).toList();
        Vocabulary v = Vocabulary.build(keyed, List.of(inA, keys, Transposer.transposedNoteTokens(List.of(inA), 6)));
        Transposer transposer = new Transposer(v, 6);
        int[] ids = v.ids(inA);
        int[] out = new int[ids.length];
        assertTrue(transposer.shift(ids, 0, ids.length, 3, out));
        assertEquals(List.of("<start>", "k:Cm", "n:60", "d:12", "w:12", "n:67", "d:6", "<end>"), v.tokens(out));
        assertTrue(transposer.shift(ids, 0, ids.length, -6, out));
        assertEquals("k:Ebm", v.tokens(out).get(1), "six semitones either way reach the twelfth key");
    }

    @Test
    void everyTrainingWindowOpensWithItsPiecesKeyMovedWithItsNotes() {
        dev.cadenza.runtime.codec.TimedEncoding keyed = new dev.cadenza.runtime.codec.TimedEncoding(
                new dev.cadenza.runtime.codec.TimedEncoding.Options(0, true, true));
        List<String> inA = List.of("<start>", "k:Am", "n:57", "d:12", "w:12", "n:64", "d:6", "w:6", "n:60", "d:6",
                "w:6", "n:59", "d:6", "<end>");
        List<String> keys = dev.cadenza.runtime.music.Key.all().stream().map(dev.cadenza.runtime.music.Key::token).toList();
        Vocabulary v = Vocabulary.build(keyed, List.of(inA, keys, Transposer.transposedNoteTokens(List.of(inA), 6)));
        boolean[] keyTokens = Windows.keyTokens(v);
        int[] ids = v.ids(inA);
        // Windows of 4 at stride 4 start at 0, 4, 8, 12: the first holds the key itself, the others open with it.
        Windows plain = new Windows(List.of(ids), 4, 4, v.size(), TrainingSettings.Mode.MANY_TO_MANY, null, keyTokens);
        org.nd4j.linalg.dataset.DataSet batch = plain.batch(plain.windows());
        org.nd4j.linalg.api.ndarray.INDArray f = batch.getFeatures();
        assertEquals(List.of("<start>", "k:Am", "n:57", "d:12"), tokensOf(v, f, 0, 4));
        assertEquals(List.of("k:Am", "n:64", "d:6", "w:6"), tokensOf(v, f, 1, 4), "w:12 gives way to the key");
        assertEquals(List.of("k:Am", "d:6", "w:6", "n:59"), tokensOf(v, f, 2, 4));
        // Targets stay those of the plain window: the window at 4 still learns that n:64 follows.
        assertEquals(1.0, batch.getLabels().getDouble(1, v.id("n:64"), 0));

        // Transposed windows open with the moved key.
        Windows moved = new Windows(List.of(ids), 4, 4, v.size(), TrainingSettings.Mode.MANY_TO_MANY,
                new Transposer(v, 6), keyTokens);
        for (long seed = 0; seed < 20; seed++) {
            org.nd4j.linalg.api.ndarray.INDArray g = moved.batch(moved.windows(), seed).getFeatures();
            String key = v.token(g.getInt(1, 0, 0));
            String firstNote = tokensOf(v, g, 1, 4).get(1);
            int shift = Integer.parseInt(firstNote.substring(2)) - 64;
            assertEquals(dev.cadenza.runtime.music.Key.parse("Am").transpose(shift).token(), key, "seed " + seed);
        }
    }

    @Test
    void windowsOpenWithTheKeyAndTheStyleWhenPiecesHaveBoth() {
        dev.cadenza.runtime.codec.TimedEncoding styled = new dev.cadenza.runtime.codec.TimedEncoding(
                new dev.cadenza.runtime.codec.TimedEncoding.Options(0, true, true, false, true));
        List<String> piece = List.of("<start>", "k:Am", "s:chopin", "n:57", "d:12", "w:12", "n:64", "d:6", "w:6", "n:60",
                "d:6", "<end>");
        Vocabulary v = Vocabulary.build(styled, List.of(piece));
        Windows windows = new Windows(List.of(v.ids(piece)), 4, 4, v.size(), TrainingSettings.Mode.MANY_TO_MANY, null,
                Windows.keyTokens(v));
        org.nd4j.linalg.dataset.DataSet batch = windows.batch(windows.windows());
        assertEquals(List.of("<start>", "k:Am", "s:chopin", "n:57"), tokensOf(v, batch.getFeatures(), 0, 4));
        assertEquals(List.of("k:Am", "s:chopin", "n:64", "d:6"), tokensOf(v, batch.getFeatures(), 1, 4),
                "a later window opens with the piece's key and style");
        assertEquals(1.0, batch.getLabels().getDouble(1, v.id("w:12"), 0), "its targets stay the piece's own");
    }

    private static List<String> tokensOf(Vocabulary v, org.nd4j.linalg.api.ndarray.INDArray features, int row, int n) {
        List<String> out = new java.util.ArrayList<>();
        for (int t = 0; t < n; t++) out.add(v.token(features.getInt(row, 0, t)));
        return out;
    }
}
