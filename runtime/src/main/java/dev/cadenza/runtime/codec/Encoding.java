package dev.cadenza.runtime.codec;

import java.util.List;

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

    List<String> encode(Piece piece);

    Piece decode(String name, List<String> tokens, double tempoBpm);

    /**
     * How far apart two tokens are musically, for mapping a token the model never saw to a known one. Smaller is
     * closer; tokens of different kinds should be far apart ({@link Double#POSITIVE_INFINITY} for incomparable).
     */
    double distance(String a, String b);
}
