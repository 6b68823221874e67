package dev.cadenza.runtime.codec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.midi.Piece;

/**
 * A model's way of turning music into token ids and back: an {@link Encoding} (piece to string tokens) paired with
 * the {@link Vocabulary} the model was trained on (tokens to ids). Saved and loaded together, since a vocabulary
 * names its encoding. Thread-safe.
 */
public final class Tokenizer {
    private final Vocabulary vocabulary;
    private final Encoding encoding;

    /** The tokenizer of a model trained on {@code vocabulary} (which names its encoding). */
    public Tokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.encoding = vocabulary.encoding();
    }

    /** Reads a tokenizer saved by {@link #save} (a vocabulary JSON file). */
    public static Tokenizer load(Path file) throws IOException {
        return new Tokenizer(Vocabulary.load(file));
    }

    /** Writes the vocabulary with its encoding's name and version. */
    public void save(Path file) throws IOException {
        vocabulary.save(file);
    }

    /** How pieces become string tokens. */
    public Encoding encoding() {
        return encoding;
    }

    /** How string tokens become ids. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Number of ids. */
    public int size() {
        return vocabulary.size();
    }

    /** The piece's ids; tokens the vocabulary lacks become the unknown id (see {@link #encodeKnown} to map them). */
    public int[] encode(Piece piece) {
        return vocabulary.ids(encoding.encode(piece));
    }

    /** The piece's string tokens, START to END. */
    public List<String> tokens(Piece piece) {
        return encoding.encode(piece);
    }

    /**
     * Ids for a token stream, every token the model never saw replaced by its musically nearest known one.
     *
     * @return the ids, and which tokens were replaced by what
     */
    public Known encodeKnown(List<String> tokens) {
        Vocabulary.Mapped mapped = vocabulary.mapToKnown(tokens);
        return new Known(vocabulary.ids(mapped.tokens()), mapped.replacements());
    }

    /**
     * Ids mapped onto the vocabulary.
     *
     * @param ids          the ids
     * @param replacements unknown token to the known token that stood in for it (sorted by token)
     */
    public record Known(int[] ids, Map<String, String> replacements) {
    }

    /** The music of an id stream (forgiving: what cannot be placed is skipped). */
    public Piece decode(String title, int[] ids, double bpm) {
        return encoding.decode(title, vocabulary.tokens(ids), bpm);
    }

    /** The string tokens of an id stream. */
    public List<String> tokens(int[] ids) {
        return vocabulary.tokens(ids);
    }
}
