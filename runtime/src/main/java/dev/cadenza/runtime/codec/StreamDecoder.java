package dev.cadenza.runtime.codec;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.midi.Note;

/**
 * Decodes a token stream as it grows, a token at a time: after any number of {@link #add} calls, {@link #notes()}
 * holds the notes {@link Encoding#decode} makes of the tokens added so far. A streaming server decodes each growing
 * piece at every wake-up; an encoding that can resume its decoding ({@link TimedEncoding}) then reads each token
 * once instead of the whole piece again.
 */
public interface StreamDecoder {
    void add(String token);

    /**
     * The notes of the stream so far, in order of onset (a note's onset is never before an earlier one's); notes at
     * the latest onset may still change as tokens come, earlier ones never do. A view: read it before the next add.
     */
    List<Note> notes();

    /** For an encoding that cannot resume: decodes every token added so far again at each call (same result). */
    static StreamDecoder redecoding(Encoding encoding, double tempoBpm) {
        return new StreamDecoder() {
            private final List<String> tokens = new ArrayList<>();

            @Override
            public void add(String token) {
                tokens.add(token);
            }

            @Override
            public List<Note> notes() {
                return encoding.decode("stream", tokens, tempoBpm).notes();
            }
        };
    }
}
