package dev.cadenza.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.music.Key;
import dev.cadenza.runtime.music.KeyNormalisation;

/** Key normalisation: pieces become tokens in C major or A minor, and generated music goes back to the asked key. */
class KeyNormalisationTest {
    private static final Path CORPUS = Path.of("..", "midi_songs");
    private final TimedEncoding keyed = new TimedEncoding(new TimedEncoding.Options(8, true, true));
    private final TimedEncoding normalised = new TimedEncoding(new TimedEncoding.Options(8, true, true, true));

    @Test
    void everyKeyMovesToItsModesReferenceTheShorterWay() {
        assertEquals(0, KeyNormalisation.shift(Key.parse("C")));
        assertEquals(0, KeyNormalisation.shift(Key.parse("Am")));
        assertEquals(-3, KeyNormalisation.shift(Key.parse("Eb")));
        assertEquals(-5, KeyNormalisation.shift(Key.parse("F")));
        assertEquals(6, KeyNormalisation.shift(Key.parse("F#")));
        assertEquals(3, KeyNormalisation.shift(Key.parse("F#m")));
        assertEquals(-1, KeyNormalisation.shift(Key.parse("Bbm")));
        for (Key key : Key.all()) {
            int shift = KeyNormalisation.shift(key);
            assertTrue(shift >= -5 && shift <= 6, key + ": " + shift);
            assertEquals(KeyNormalisation.reference(key.minor()), key.transpose(shift));
        }
    }

    @Test
    void aPieceIsEncodedMovedToCOrAMinor() throws Exception {
        MidiReader reader = MidiReader.forEncoding(normalised);
        Piece gymnopedie = reader.read(CORPUS.resolve("satie-gymnopedie-no1.mid")); // D major
        assertEquals(Key.parse("D"), TimedEncoding.estimateKey(gymnopedie));
        assertEquals(-2, normalised.normalisingShift(gymnopedie));
        List<String> tokens = normalised.encode(gymnopedie);
        assertEquals(List.of("<start>", "k:C"), tokens.subList(0, 2));
        List<String> moved = keyed.encode(gymnopedie.transposed(-2));
        assertEquals(moved, tokens, "the same tokens as the piece moved down a tone");
        assertEquals(Key.parse("C"), TimedEncoding.estimateKey(normalised.decode("x", tokens, 120)));

        Piece elise = reader.read(CORPUS.resolve("fur-elise.mid")); // A minor: stays where it is
        assertEquals(0, normalised.normalisingShift(elise));
        assertEquals(keyed.encode(elise), normalised.encode(elise));
        assertEquals(0, keyed.normalisingShift(gymnopedie), "an encoding that does not normalise moves nothing");
    }

    @Test
    void theOptionTravelsInTheVocabularyAndNeedsTheKeyToken() {
        assertEquals("true", normalised.options().get(TimedEncoding.OPTION_KEY_NORMALISED));
        assertFalse(keyed.options().containsKey(TimedEncoding.OPTION_KEY_NORMALISED), "absent when off, as before");
        assertEquals(normalised, TimedEncoding.of(2, normalised.options()));
        assertEquals(keyed, TimedEncoding.of(2, keyed.options()));
        assertTrue(normalised.label().contains("keys normalised to C and Am"), normalised.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TimedEncoding.Options(0, true, false, true));
        assertTrue(e.getMessage().contains("needs the key token"), e.getMessage());
    }

    /** A vocabulary holding every token of the Gymnopédie as {@code encoding} spells it, and all 24 keys. */
    private static Tokenizer tokenizer(TimedEncoding encoding, Map<String, Integer> counts) throws Exception {
        List<String> tokens = new ArrayList<>(List.of("<pad>", "<start>", "<end>", "<unk>"));
        tokens.addAll(encoding.encode(MidiReader.forEncoding(encoding).read(CORPUS.resolve("satie-gymnopedie-no1.mid"))));
        Key.all().forEach(k -> tokens.add(k.token()));
        for (int p = 21; p <= 108; p++) tokens.add("n:" + p);
        return new Tokenizer(Vocabulary.of(encoding, tokens.stream().distinct().toList()).withKeyCounts(counts));
    }

    @Test
    void startsOpenInTheModesReferenceAndMoveTheMusicToTheAskedKey() throws Exception {
        Tokenizer tokenizer = tokenizer(normalised, Map.of("Eb", 3, "F#m", 1));
        Primer eb = Primers.starts(tokenizer, 1, 7, Key.parse("Eb")).get(0);
        assertEquals(List.of("<start>", "k:C"), tokenizer.tokens(eb.ids()));
        assertEquals(3, eb.transpose());
        assertEquals("start in Eb", eb.source());
        Primer fSharpMinor = Primers.starts(tokenizer, 1, 7, Key.parse("F#m")).get(0);
        assertEquals(List.of("<start>", "k:Am"), tokenizer.tokens(fSharpMinor.ids()));
        assertEquals(-3, fSharpMinor.transpose());

        // Drawn keys are the corpus's own keys (not C and Am), each started in its mode's reference.
        for (Primer p : Primers.starts(tokenizer, 40, 3, null)) {
            assertTrue(p.source().equals("start in Eb") || p.source().equals("start in F#m"), p.source());
            assertEquals(p.source().endsWith("m") ? "k:Am" : "k:C", tokenizer.tokens(p.ids()).get(1));
        }

        // The decoded music lands in the asked key.
        Piece inC = normalised.decode("x", List.of("<start>", "k:C", "n:60", "d:12", "n:64", "d:12", "n:67", "d:12"), 120);
        assertEquals(List.of(63, 67, 70), eb.place(inC).notes().stream().map(Note::pitch).toList());
    }

    @Test
    void aPrimerFileIsContinuedInItsOwnKey() throws Exception {
        Tokenizer tokenizer = tokenizer(normalised, Map.of());
        Primer gymnopedie = Primers.fromFile(CORPUS.resolve("satie-gymnopedie-no1.mid"), tokenizer);
        assertEquals("k:C", tokenizer.tokens(gymnopedie.ids()).get(1));
        assertEquals(2, gymnopedie.transpose(), "back up a tone, to D major");
        Piece original = MidiReader.forEncoding(normalised).read(CORPUS.resolve("satie-gymnopedie-no1.mid"));
        Piece decoded = gymnopedie.place(tokenizer.decode("x", gymnopedie.ids(), original.tempoBpm()));
        Piece unmoved = keyed.decode("x", keyed.encode(original), original.tempoBpm());
        assertEquals(unmoved.notes().size(), decoded.notes().size());
        assertTrue(unmoved.notes().equals(decoded.notes()), "the primer's notes where the file has them");
        Primer plain = Primers.fromFile(CORPUS.resolve("satie-gymnopedie-no1.mid"), tokenizer(keyed, Map.of()));
        assertEquals(0, plain.transpose());
    }

    @Test
    void transposingKeepsNotesOnTheMidiRange() {
        Piece piece = new Piece("x", List.of(new Note(0, 1, 126, 80), new Note(1, 1, 2, 80)), 120);
        assertEquals(List.of(118, 6), piece.transposed(4).notes().stream().map(Note::pitch).toList());
        assertEquals(List.of(123, 11), piece.transposed(-3).notes().stream().map(Note::pitch).toList());
        assertSame(piece, piece.transposed(0));
    }
}
