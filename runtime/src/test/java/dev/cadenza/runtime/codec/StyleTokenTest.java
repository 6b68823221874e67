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

import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.PieceRows;
import dev.cadenza.runtime.generate.Primer;
import dev.cadenza.runtime.generate.PrimerChoice;
import dev.cadenza.runtime.generate.SettingException;
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

    /** The primers the front ends get for a decoding: through the one row factory, as generate and the service. */
    private static List<Primer> primers(Tokenizer tokenizer, int count, Key key, String style) throws Exception {
        return new PieceRows(tokenizer).primers(count, Decoding.builder().key(key).style(style).seed(7).build(),
                PrimerChoice.start());
    }

    @Test
    void piecesOpenInTheAskedStyleAfterTheirKey() throws Exception {
        Tokenizer tokenizer = tokenizer(styled, "chopin", "mozart");
        assertEquals(List.of("chopin", "mozart"), tokenizer.vocabulary().styles());
        for (Primer p : primers(tokenizer, 3, Key.parse("Eb"), "mozart")) {
            assertEquals(List.of("<start>", "k:Eb", "s:mozart"), tokenizer.tokens(p.ids()));
        }
        for (Primer p : primers(tokenizer, 2, null, "chopin")) {
            assertEquals(List.of("<start>", "k:Am", "s:chopin"), tokenizer.tokens(p.ids()));
        }
        // Without a style the model writes the style itself, after the key, as its corpus had them.
        assertEquals(List.of("<start>", "k:Am"), tokenizer.tokens(primers(tokenizer, 1, null, null).get(0).ids()));
        Decoding mozart = Decoding.parse("top-p=0.95,style=mozart");
        assertEquals("mozart", mozart.style());
        assertEquals(mozart, Decoding.parse(mozart.describe()), "evaluate --compare carries the style in the text form");
    }

    @Test
    void anUnknownStyleOrAModelWithoutStylesIsOneLineNamingTheSetting() {
        SettingException unknown = assertThrows(SettingException.class,
                () -> primers(tokenizer(styled, "chopin", "mozart"), 1, null, "bartok"));
        assertEquals("style", unknown.key());
        assertEquals("style: unknown style 'bartok'; this model knows chopin, mozart", unknown.getMessage());
        TimedEncoding keyed = new TimedEncoding(new TimedEncoding.Options(0, true, true));
        SettingException none = assertThrows(SettingException.class, () -> primers(tokenizer(keyed), 1, null, "chopin"));
        assertTrue(none.problem().startsWith("this model has no style tokens"), none.getMessage());
        SettingException withPrimer = assertThrows(SettingException.class,
                () -> new PieceRows(tokenizer(styled, "chopin")).primers(1, Decoding.builder().style("chopin").build(),
                        PrimerChoice.file(Path.of("..", "midi_songs", "fur-elise.mid"))));
        assertTrue(withPrimer.getMessage().startsWith("style starts every piece from the beginning"), withPrimer.getMessage());
        assertThrows(SettingException.class, () -> Decoding.builder().style("Chopin").build(), "names are lower case");
    }
}
