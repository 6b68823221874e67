package dev.cadenza.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.music.Key;

/**
 * A corpus turned into token id streams for one run: the split, the vocabulary (transposed notes included when
 * transposition is on), the training streams and the validation pieces. Deterministic: the same corpus and settings give the same data, which
 * is what lets {@code --resume} rebuild it.
 */
public record TrainingData(Vocabulary vocabulary, Split split, List<int[]> trainStreams,
                           List<RunFolder.ValidationPiece> validation) {
    public TrainingData {
        trainStreams = List.copyOf(trainStreams);
        validation = List.copyOf(validation);
    }

    /**
     * @throws IllegalArgumentException with a one-line reason (no pieces, one piece, a vocabulary of one token,
     *                                  windows longer than every piece)
     */
    public static TrainingData prepare(Corpus corpus, TrainingSettings settings) {
        if (corpus.pieces().isEmpty()) {
            throw new IllegalArgumentException(corpus.root() + ": no usable MIDI file (" + corpus.files() + " found)");
        }
        Encoding encoding = settings.encodingWithOptions();
        Map<String, Piece> byName = new TreeMap<>();
        for (Corpus.Entry e : corpus.pieces()) byName.put(e.name(), e.piece());
        if (byName.size() < 2) {
            throw new IllegalArgumentException(corpus.root() + ": only " + byName.size()
                    + " usable piece; training needs at least 2 (one is held out for validation)");
        }
        Split split = Split.of(corpus, new ArrayList<>(byName.keySet()), settings.validationShare(), settings.seed());
        if (settings.pieces() > 0) split = split.firstTrainPieces(settings.pieces(), name -> styleOf(corpus, name));
        boolean styles = encoding instanceof TimedEncoding t && t.styleToken();
        if (styles && corpus.manifest() == null) {
            throw new IllegalArgumentException(corpus.root() + ": style tokens are learnt from the composers in "
                    + corpus.root().resolve(dev.cadenza.runtime.corpus.Manifest.FILE_NAME) + ", and there is none");
        }

        if (settings.transpose() > 0 && !Transposer.supports(encoding.name())) {
            throw new IllegalArgumentException("transposition works with the timed encoding only; use --transpose 0 with '"
                    + encoding.name() + "'");
        }
        List<List<String>> trainTokens = new ArrayList<>();
        for (String name : split.train()) trainTokens.add(framed(encode(encoding, byName.get(name), styleOf(corpus, name))));
        List<List<String>> validationTokens = new ArrayList<>();
        for (String name : split.validation()) {
            validationTokens.add(framed(encode(encoding, byName.get(name), styleOf(corpus, name))));
        }

        List<List<String>> all = new ArrayList<>(trainTokens);
        all.addAll(validationTokens);
        // Transposed windows may hold notes the corpus never had in that octave: the vocabulary must know them.
        if (settings.transpose() > 0) all.add(Transposer.transposedNoteTokens(trainTokens, settings.transpose()));
        boolean keys = encoding instanceof TimedEncoding timed && timed.keyToken();
        // Every key has a token, so that transposition and 'generate --key' can reach all 24 whatever the corpus holds.
        if (keys) all.add(Key.all().stream().map(Key::token).toList());
        Vocabulary vocabulary = Vocabulary.build(encoding, all);
        if (keys) {
            // A key-normalised stream says only C or Am: generation draws its keys from the pieces' own keys instead.
            Map<String, Integer> counts = ((TimedEncoding) encoding).keyNormalised()
                    ? estimatedKeyCounts(byName.values())
                    : keyCounts(all.subList(0, trainTokens.size() + validationTokens.size()));
            vocabulary = vocabulary.withKeyCounts(counts);
        }
        int real = vocabulary.size() - SpecialTokens.ALL.size();
        if (real < 2) {
            throw new IllegalArgumentException(corpus.root() + ": the corpus has only " + real
                    + " distinct token(s) in encoding '" + encoding.name() + "'; there is nothing to learn");
        }
        List<int[]> train = trainTokens.stream().map(vocabulary::ids).toList();
        List<RunFolder.ValidationPiece> validation = new ArrayList<>();
        for (int i = 0; i < split.validation().size(); i++) {
            validation.add(new RunFolder.ValidationPiece(split.validation().get(i), vocabulary.ids(validationTokens.get(i))));
        }
        checkWindowFits(train, settings);
        return new TrainingData(vocabulary, split, train, validation);
    }

    private static List<String> encode(Encoding encoding, Piece piece, String style) {
        return encoding instanceof TimedEncoding timed ? timed.encode(piece, style) : encoding.encode(piece);
    }

    /** The style (composer) the manifest gives a piece, or null. */
    private static String styleOf(Corpus corpus, String name) {
        dev.cadenza.runtime.corpus.Manifest.Row row = corpus.manifest() == null ? null : corpus.manifest().row(name);
        return row == null ? null : row.style();
    }

    /** Pieces per key, read from the key token after each stream's START. */
    private static Map<String, Integer> keyCounts(List<List<String>> streams) {
        Map<String, Integer> counts = new TreeMap<>();
        for (List<String> stream : streams) {
            Key key = stream.size() > 1 ? Key.fromToken(stream.get(1)) : null;
            if (key != null) counts.merge(key.toString(), 1, Integer::sum);
        }
        return counts;
    }

    /** Pieces per estimated key (before any normalisation). */
    private static Map<String, Integer> estimatedKeyCounts(java.util.Collection<Piece> pieces) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Piece piece : pieces) counts.merge(TimedEncoding.estimateKey(piece).toString(), 1, Integer::sum);
        return counts;
    }

    private static void checkWindowFits(List<int[]> train, TrainingSettings settings) {
        int longest = train.stream().mapToInt(s -> s.length).max().orElse(0);
        // A window of w inputs needs w + 1 tokens: the last input's target is the token after it.
        if (settings.window() + 1 > longest) {
            int suggestion = Math.max(1, Math.min(longest - 1, Math.max(8, longest / 4)));
            throw new IllegalArgumentException("windows of " + settings.window() + " tokens are longer than every "
                    + "training piece (the longest has " + longest + " tokens); use --window " + suggestion
                    + " or at most " + (longest - 1));
        }
    }

    /** START ... END around a stream, for encodings that do not frame pieces themselves. */
    static List<String> framed(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size() + 2);
        if (tokens.isEmpty() || !tokens.get(0).equals(SpecialTokens.START)) out.add(SpecialTokens.START);
        out.addAll(tokens);
        if (tokens.isEmpty() || !tokens.get(tokens.size() - 1).equals(SpecialTokens.END)) out.add(SpecialTokens.END);
        return out;
    }

    public List<int[]> validationStreams() {
        return validation.stream().map(RunFolder.ValidationPiece::ids).toList();
    }

    public long trainTokens() {
        return trainStreams.stream().mapToLong(s -> s.length).sum();
    }
}
