package dev.cadenza.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;

/** A stream decoder fed a token at a time decodes every prefix as {@link Encoding#decode} decodes it whole. */
class StreamDecoderTest {
    private static final Path PIECE = Path.of("..", "midi_songs", "bach-prelude-c-major-bwv846.mid");

    @Test
    void timedDecodingResumedEqualsDecodingEveryPrefix() throws Exception {
        TimedEncoding timed = new TimedEncoding(new TimedEncoding.Options(8, false));
        List<String> tokens = new ArrayList<>(timed.encode(new MidiReader().read(PIECE)).subList(0, 700));
        // What a sampler may write: stray durations, velocity bins the model lacks, unknown tokens, an early <end>.
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            String[] junk = {"d:5", "v:99", "x:1", "w:0", "n:200", SpecialTokens.START};
            tokens.add(1 + random.nextInt(tokens.size() - 1), junk[random.nextInt(junk.length)]);
        }
        tokens.add(600, SpecialTokens.END);
        assertPrefixesAgree(timed, tokens);
    }

    @Test
    void anEncodingThatCannotResumeDecodesAgainWithTheSameResult() throws Exception {
        ClassicEncoding classic = new ClassicEncoding();
        List<String> tokens = classic.encode(new MidiReader().read(PIECE)).subList(0, 200);
        assertPrefixesAgree(classic, tokens);
    }

    private static void assertPrefixesAgree(Encoding encoding, List<String> tokens) {
        StreamDecoder stream = encoding.streamDecoder(100);
        int notes = 0;
        for (int n = 1; n <= tokens.size(); n++) {
            stream.add(tokens.get(n - 1));
            List<Note> resumed = stream.notes();
            for (int i = 1; i < resumed.size(); i++) {
                assertTrue(resumed.get(i - 1).onset() <= resumed.get(i).onset(), "in onset order at " + n);
            }
            List<Note> whole = encoding.decode("p", tokens.subList(0, n), 100).notes();
            assertEquals(whole, new Piece("p", resumed, 100).notes(), "prefix of " + n + " tokens");
            notes = whole.size();
        }
        assertTrue(notes > 50, "a real piece's worth of notes: " + notes);
    }
}
