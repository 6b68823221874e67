package dev.cadenza.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.generate.Primer;
import dev.cadenza.runtime.generate.Primers;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.music.Key;

class KeyTokenTest {
    private static final Path CORPUS = Path.of("..", "midi_songs");
    private final TimedEncoding keyed = new TimedEncoding(new TimedEncoding.Options(0, true, true));

    @Test
    void theKeyTokenFollowsStartAndDecodingIgnoresIt() throws Exception {
        Piece elise = MidiReader.withSustainPedal().read(CORPUS.resolve("fur-elise.mid"));
        List<String> tokens = keyed.encode(elise);
        assertEquals(List.of("<start>", "k:Am"), tokens.subList(0, 2));
        TimedEncoding plain = new TimedEncoding(new TimedEncoding.Options(0, true, false));
        assertEquals(plain.encode(elise), tokens.stream().filter(t -> !t.equals("k:Am")).toList());
        assertEquals(plain.decode("x", plain.encode(elise), 120).notes(), keyed.decode("x", tokens, 120).notes());
        assertTrue(keyed.isToken("k:Bbm"));
        assertFalse(keyed.isToken("k:A#m"));
        assertFalse(plain.isToken("k:Am"), "a model without key tokens has none");
        assertEquals(2, keyed.version());
        assertEquals("true", keyed.options().get("keyToken"));
    }

    @Test
    void anUnknownKeyMapsToTheNearestKeyOfTheSameMode() {
        assertEquals(1.0, keyed.distance("k:Am", "k:Bbm"));
        assertEquals(Double.POSITIVE_INFINITY, keyed.distance("k:Am", "n:60"));
        assertTrue(keyed.distance("k:Am", "k:A") > keyed.distance("k:Am", "k:Cm"));
    }

    private static Tokenizer tokenizer(TimedEncoding encoding, Map<String, Integer> counts) {
        List<String> tokens = new java.util.ArrayList<>(List.of("<pad>", "<start>", "<end>", "<unk>", "n:60", "d:12"));
        if (encoding.keyToken()) Key.all().forEach(k -> tokens.add(k.token()));
        Vocabulary vocabulary = Vocabulary.of(encoding, tokens);
        return new Tokenizer(counts.isEmpty() ? vocabulary : vocabulary.withKeyCounts(counts));
    }

    @Test
    void piecesOpenInTheAskedKeyOrInOneDrawnFromTheCorpusKeys() {
        Tokenizer tokenizer = tokenizer(keyed, Map.of("Am", 3, "C", 1));
        List<Primer> asked = Primers.starts(tokenizer, 3, 7, Key.parse("Eb"));
        for (Primer p : asked) assertEquals(List.of("<start>", "k:Eb"), tokenizer.tokens(p.ids()));

        List<Primer> drawn = Primers.starts(tokenizer, 200, 7, null);
        long minor = drawn.stream().filter(p -> tokenizer.tokens(p.ids()).get(1).equals("k:Am")).count();
        long major = drawn.stream().filter(p -> tokenizer.tokens(p.ids()).get(1).equals("k:C")).count();
        assertEquals(200, minor + major, "only the corpus's keys are drawn");
        assertTrue(minor > 120 && major > 25, "about 3 to 1: " + minor + " to " + major);
        // Piece i's key depends on the seed and i only, not on how many pieces were asked for.
        List<Primer> few = Primers.starts(tokenizer, 5, 7, null);
        for (int i = 0; i < 5; i++) assertEquals(drawn.get(i).source(), few.get(i).source());
    }

    @Test
    void askingAKeyOfAModelWithoutKeyTokensIsRefused() {
        Tokenizer plain = tokenizer(new TimedEncoding(), Map.of());
        assertEquals(List.of("<start>"), plain.tokens(Primers.starts(plain, 2, 1, null).get(0).ids()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Primers.starts(plain, 2, 1, Key.parse("Am")));
        assertTrue(e.getMessage().contains("no key tokens"), e.getMessage());
    }

    @Test
    void keyCountsTravelWithTheVocabulary() {
        Tokenizer tokenizer = tokenizer(keyed, Map.of("Am", 3, "C", 1));
        Vocabulary back = Vocabulary.fromJson(tokenizer.vocabulary().toJson());
        assertEquals(Map.of("Am", 3, "C", 1), back.keyCounts());
        assertEquals(tokenizer.vocabulary(), back);
        assertThrows(IllegalArgumentException.class, () -> tokenizer(new TimedEncoding(), Map.of("Am", 1)));
    }
}
