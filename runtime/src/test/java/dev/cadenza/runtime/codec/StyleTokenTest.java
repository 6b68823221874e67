package dev.cadenza.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.generate.Primer;
import dev.cadenza.runtime.generate.Primers;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.music.Key;

class StyleTokenTest {
    private final TimedEncoding styled = new TimedEncoding(new TimedEncoding.Options(0, true, true, false, true));

    @Test
    void theStyleTokenFollowsStartAndTheKeyAndDecodingIgnoresIt() throws Exception {
        Piece elise = MidiReader.withSustainPedal().read(Path.of("..", "midi_songs", "fur-elise.mid"));
        List<String> tokens = styled.encode(elise, "beethoven");
        assertEquals(List.of("<start>", "k:Am", "s:beethoven"), tokens.subList(0, 3));
        assertEquals(styled.encode(elise), tokens.stream().filter(t -> !t.equals("s:beethoven")).toList());
        assertEquals(styled.decode("x", styled.encode(elise), 120).notes(), styled.decode("x", tokens, 120).notes());
        assertEquals(styled.encode(elise), styled.encode(elise, null), "a piece without a style gets no token");
        assertTrue(styled.isToken("s:beethoven"));
        assertFalse(styled.isToken("s:Beethoven"), "names are lower case");
        TimedEncoding plain = new TimedEncoding(new TimedEncoding.Options(0, true, true));
        assertFalse(plain.isToken("s:beethoven"), "a model without style tokens has none");
        assertEquals(plain.encode(elise), plain.encode(elise, "beethoven"));
        assertEquals(styled, TimedEncoding.of(2, styled.options()), "the option survives a saved vocabulary");
        assertTrue(styled.label().contains("style token"), styled.label());
    }

    private static Tokenizer tokenizer(TimedEncoding encoding, String... styles) {
        List<String> tokens = new ArrayList<>(List.of("<pad>", "<start>", "<end>", "<unk>", "n:60", "d:12"));
        if (encoding.keyToken()) Key.all().forEach(k -> tokens.add(k.token()));
        for (String s : styles) tokens.add(TimedEncoding.styleToken(s));
        return new Tokenizer(Vocabulary.of(encoding, tokens).withKeyCounts(encoding.keyToken() ? Map.of("Am", 1) : Map.of()));
    }

    @Test
    void piecesOpenInTheAskedStyleAfterTheirKey() {
        Tokenizer tokenizer = tokenizer(styled, "chopin", "mozart");
        assertEquals(List.of("chopin", "mozart"), tokenizer.vocabulary().styles());
        List<Primer> primers = Primers.starts(tokenizer, 3, 7, Key.parse("Eb"), "mozart");
        for (Primer p : primers) assertEquals(List.of("<start>", "k:Eb", "s:mozart"), tokenizer.tokens(p.ids()));
        List<Primer> drawnKey = Primers.starts(tokenizer, 2, 7, null, "chopin");
        for (Primer p : drawnKey) assertEquals(List.of("<start>", "k:Am", "s:chopin"), tokenizer.tokens(p.ids()));
        // Without a style the model writes the style itself, after the key, as its corpus had them.
        assertEquals(List.of("<start>", "k:Am"), tokenizer.tokens(Primers.starts(tokenizer, 1, 7, null, null).get(0).ids()));
    }

    @Test
    void anUnknownStyleOrAModelWithoutStylesIsOneLine() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Primers.starts(tokenizer(styled, "chopin", "mozart"), 1, 7, null, "bartok"));
        assertEquals("unknown style 'bartok'; this model knows chopin, mozart", unknown.getMessage());
        TimedEncoding keyed = new TimedEncoding(new TimedEncoding.Options(0, true, true));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Primers.starts(tokenizer(keyed), 1, 7, null, "chopin"));
        assertTrue(none.getMessage().startsWith("this model has no style tokens"), none.getMessage());
    }
}
