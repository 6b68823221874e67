package dev.cadenza.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {
    @TempDir
    Path dir;

    private static Piece furElise() throws Exception {
        return new MidiReader().read(Path.of("..", "midi_songs", "fur-elise.mid"));
    }

    @Test
    void encodesAndDecodesAPieceThroughItsVocabulary() throws Exception {
        TimedEncoding encoding = new TimedEncoding();
        Piece piece = furElise();
        Tokenizer tokenizer = new Tokenizer(Vocabulary.build(encoding, List.of(encoding.encode(piece))));
        int[] ids = tokenizer.encode(piece);
        assertEquals(encoding.encode(piece), tokenizer.tokens(ids));
        Piece back = tokenizer.decode("again", ids, piece.tempoBpm());
        assertEquals(encoding.decode("again", encoding.encode(piece), piece.tempoBpm()), back);
        assertEquals("again", back.name());
    }

    @Test
    void unknownTokensMapToTheNearestKnownAndAreReported() {
        TimedEncoding encoding = new TimedEncoding();
        Tokenizer tokenizer = new Tokenizer(Vocabulary.build(encoding, List.of(List.of("<start>", "n:60", "d:12", "n:64", "<end>"))));
        Tokenizer.Known known = tokenizer.encodeKnown(List.of("<start>", "n:61", "d:12"));
        assertEquals(List.of("<start>", "n:60", "d:12"), tokenizer.tokens(known.ids()));
        assertEquals(Map.of("n:61", "n:60"), known.replacements());
    }

    @Test
    void savedAndLoadedTogether() throws Exception {
        TimedEncoding encoding = new TimedEncoding();
        Piece piece = furElise();
        Tokenizer tokenizer = new Tokenizer(Vocabulary.build(encoding, List.of(encoding.encode(piece))));
        Path file = dir.resolve("tokenizer.json");
        tokenizer.save(file);
        Tokenizer loaded = Tokenizer.load(file);
        assertEquals(tokenizer.encoding().name(), loaded.encoding().name());
        assertArrayEquals(tokenizer.encode(piece), loaded.encode(piece));
    }
}
