package dev.cadenza.runtime.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.music.Key;
import dev.cadenza.runtime.music.KeyNormalisation;
import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.midi.Piece;

/** Builds the primers pieces start from: the beginning of a piece, a user's MIDI file, or a corpus window. */
public final class Primers {
    private Primers() {
    }

    /** A piece from its very beginning: the model chooses how it opens. */
    public static Primer start() {
        return new Primer(new int[] {SpecialTokens.START_ID}, Map.of(), "start");
    }

    /**
     * One primer per piece from the very beginning. For a model with key tokens every piece opens in a key: {@code key}
     * when given, else one drawn from the corpus's keys (the vocabulary's key counts; all 24 alike when it has none)
     * by the piece's own random stream, so piece i of a seed opens in the same key whatever the count. A key-normalised
     * model is started in its mode's reference key ({@code k:C} or {@code k:Am}) and its music moved to the key. Other
     * models start from START alone.
     *
     * @throws IllegalArgumentException when a key is asked of a model without key tokens
     */
    public static List<Primer> starts(Tokenizer tokenizer, int count, long seed, Key key) {
        return starts(tokenizer, count, seed, key, null);
    }

    /**
     * As {@link #starts(Tokenizer, int, long, Key)}, each piece then opening in {@code style} ({@code s:STYLE} after
     * START and the key token); null leaves the style to the model, which draws it as its corpus had them.
     *
     * @throws IllegalArgumentException when a style is asked of a model without style tokens, or one it does not know
     */
    public static List<Primer> starts(Tokenizer tokenizer, int count, long seed, Key key, String style) {
        int styleId = style == null ? -1 : styleId(tokenizer, style);
        if (styleId < 0) return keyStarts(tokenizer, count, seed, key);
        List<Primer> out = new ArrayList<>(count);
        for (Primer p : keyStarts(tokenizer, count, seed, key)) {
            int[] ids = java.util.Arrays.copyOf(p.ids(), p.ids().length + 1);
            ids[ids.length - 1] = styleId;
            out.add(new Primer(ids, p.replacements(), p.source() + ", style " + style, p.transpose()));
        }
        return out;
    }

    /**
     * The id of a style's token.
     *
     * @throws IllegalArgumentException (one line) for a model without style tokens, or a style it does not know (the
     *                                  line names the ones it knows)
     */
    static int styleId(Tokenizer tokenizer, String style) {
        List<String> known = tokenizer.vocabulary().styles();
        if (!(tokenizer.encoding() instanceof TimedEncoding timed && timed.styleToken()) || known.isEmpty()) {
            throw new IllegalArgumentException("this model has no style tokens (it was trained without --style-token), "
                    + "so it cannot be asked for a style");
        }
        if (!known.contains(style)) {
            throw new IllegalArgumentException("unknown style '" + dev.cadenza.runtime.io.Printable.of(style)
                    + "'; this model knows " + String.join(", ", known));
        }
        return tokenizer.vocabulary().id(TimedEncoding.styleToken(style));
    }

    private static List<Primer> keyStarts(Tokenizer tokenizer, int count, long seed, Key key) {
        boolean keyed = tokenizer.encoding() instanceof TimedEncoding timed && timed.keyToken();
        if (!keyed) {
            if (key != null) {
                throw new IllegalArgumentException("this model has no key tokens (it was trained without --key-token), so it "
                        + "cannot be asked for a key");
            }
            return Collections.nCopies(count, start());
        }
        List<Primer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Key k = key != null ? key : drawKey(tokenizer.vocabulary().keyCounts(), TokenSampler.pieceSeed(seed ^ KEY_SALT, i));
            int shift = normalised(tokenizer) ? KeyNormalisation.shift(k) : 0;
            int id = tokenizer.vocabulary().id(k.transpose(shift).token());
            out.add(new Primer(new int[] {SpecialTokens.START_ID, id}, Map.of(), "start in " + k, -shift));
        }
        return out;
    }

    private static boolean normalised(Tokenizer tokenizer) {
        return tokenizer.encoding() instanceof TimedEncoding timed && timed.keyNormalised();
    }

    /** The semitones a key-normalised model's continuation of {@code piece} is moved by to return to its key. */
    private static int backToKey(Piece piece, Tokenizer tokenizer) {
        return tokenizer.encoding() instanceof TimedEncoding timed ? -timed.normalisingShift(piece) : 0;
    }

    /** Keeps the key draw's stream apart from the sampler's and the corpus-window primers'. */
    private static final long KEY_SALT = 0x6B65795FL;

    /** A key drawn in proportion to the counts (key name to pieces), or uniformly from all 24 when there are none. */
    static Key drawKey(Map<String, Integer> counts, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        if (counts.isEmpty()) return Key.all().get(random.nextInt(24));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int pick = random.nextInt(total);
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(counts).entrySet()) {
            pick -= e.getValue();
            if (pick < 0) return Key.parse(e.getKey());
        }
        throw new IllegalStateException("unreachable: the draw is below the total");
    }

    /**
     * The user's MIDI file, encoded as the model's training data was, without its END (so the model continues it).
     * Notes the model never saw are mapped to the nearest ones it knows, and reported in the primer.
     */
    public static Primer fromFile(Path file, Tokenizer tokenizer) throws MidiFileException {
        return fromPiece(file, MidiReader.forEncoding(tokenizer.encoding()).read(file), tokenizer);
    }

    /**
     * Like {@link #fromFile} for MIDI bytes that arrived without a file (a service's request body); {@code name}
     * only labels messages and the primer's source.
     */
    public static Primer fromMidi(Path name, byte[] midi, Tokenizer tokenizer) throws MidiFileException {
        return fromPiece(name, MidiReader.forEncoding(tokenizer.encoding()).read(name, midi), tokenizer);
    }

    private static Primer fromPiece(Path file, Piece piece, Tokenizer tokenizer) throws MidiFileException {
        if (piece.notes().isEmpty()) throw new MidiFileException(file, "has no notes to continue from");
        Tokenizer.Known known = tokenizer.encodeKnown(continuable(tokenizer.tokens(piece)));
        return new Primer(known.ids(), known.replacements(), file.getFileName().toString(), backToKey(piece, tokenizer));
    }

    /**
     * The tutorial's way: for each piece a random window of {@code length} tokens from a random corpus piece. Piece i
     * draws from its own random stream, so it gets the same window whatever the count.
     */
    public static List<Primer> fromCorpus(Path dir, Tokenizer tokenizer, int count, int length, long seed)
            throws IOException {
        if (length < 1) throw new IllegalArgumentException("the primer length must be at least 1, got " + length);
        Corpus corpus = new CorpusReader(MidiReader.forEncoding(tokenizer.encoding())).read(dir);
        if (corpus.pieces().isEmpty()) {
            throw new IOException(dir + ": no usable MIDI file to take primers from (" + corpus.files() + " files, "
                    + corpus.skipped().size() + " skipped)");
        }
        List<List<String>> streams = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> transposes = new ArrayList<>();
        for (Corpus.Entry e : corpus.pieces()) {
            streams.add(continuable(tokenizer.tokens(e.piece())));
            names.add(e.name());
            transposes.add(backToKey(e.piece(), tokenizer));
        }
        List<Primer> primers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SplittableRandom random = new SplittableRandom(TokenSampler.pieceSeed(seed ^ 0x5EEDL, i));
            int which = random.nextInt(streams.size());
            List<String> stream = streams.get(which);
            int from = stream.size() <= length ? 0 : random.nextInt(stream.size() - length + 1);
            List<String> window = stream.subList(from, Math.min(stream.size(), from + length));
            Tokenizer.Known known = tokenizer.encodeKnown(window);
            primers.add(new Primer(known.ids(), known.replacements(), names.get(which) + "@" + from, transposes.get(which)));
        }
        return primers;
    }

    /** Starts with START and does not end with END, so that the model carries on. */
    static List<String> continuable(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens);
        while (!out.isEmpty() && SpecialTokens.END.equals(out.get(out.size() - 1))) out.remove(out.size() - 1);
        if (out.isEmpty() || !SpecialTokens.START.equals(out.get(0))) out.add(0, SpecialTokens.START);
        return out;
    }
}
