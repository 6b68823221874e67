package dev.cadenza.runtime.codec;

import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.midi.Piece;

/**
 * Turns a piece into a stream of string tokens and back. Implementations are stateless and thread-safe.
 *
 * <p>Decoding is forgiving: a generated stream can hold tokens in any order, and whatever cannot be placed is
 * skipped, because a sampler may produce them.
 */
public interface Encoding {
    /** The name users pass to {@code --encoding}. */
    String name();

    /** Bumped whenever the token format changes, so an old model is recognised. */
    int version();

    /** Grid steps per quarter note that times are quantised to (0 when the encoding keeps no times). */
    int ticksPerQuarter();

    /**
     * The encoding's parameters as a vocabulary file and a model's metadata store them (empty when it has none);
     * {@link Encodings#of} rebuilds the encoding from its name, version and these.
     */
    default Map<String, String> options() {
        return Map.of();
    }

    /**
     * Whether MIDI files are read for this encoding with the sustain pedal folded into note durations
     * ({@code MidiReader.forEncoding}), so that a model's primers are read as its corpus was.
     */
    default boolean sustainPedal() {
        return false;
    }

    /** The name with any options, for messages and reports ("timed version 2 (8 velocity bins, ...)"). */
    default String label() {
        return name();
    }

    List<String> encode(Piece piece);

    Piece decode(String name, List<String> tokens, double tempoBpm);

    /**
     * A decoder for a stream that grows a token at a time, equal to {@link #decode} on every prefix. The default
     * decodes the whole stream again at each look; an encoding whose decoding is a left-to-right pass resumes it.
     */
    default StreamDecoder streamDecoder(double tempoBpm) {
        return StreamDecoder.redecoding(this, tempoBpm);
    }

    /**
     * How far apart two tokens are musically, for mapping a token the model never saw to a known one. Smaller is
     * closer; tokens of different kinds should be far apart ({@link Double#POSITIVE_INFINITY} for incomparable).
     */
    double distance(String a, String b);

    /**
     * How far, in quarter notes, a stream's time moves on at {@code token}: summed over a stream, the onset of the next
     * event. Generation counts it to stop a piece after a length of music, without knowing the encoding. 0 for tokens
     * that move no time (notes, durations, special tokens, anything unknown); the default says that of every token.
     */
    default double quartersAdvanced(String token) {
        return 0;
    }

    /**
     * Whether {@code token} is one this encoding can produce (special tokens included). A model's vocabulary is
     * checked with it, so a tampered vocabulary (garbage, pitches outside MIDI) is refused instead of decoding to
     * silence. The default accepts any non-blank token without control characters.
     */
    default boolean isToken(String token) {
        return token != null && !token.isBlank() && token.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
