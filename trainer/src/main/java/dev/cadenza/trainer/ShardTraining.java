package dev.cadenza.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.music.Key;

/**
 * A run's data from token shards, gathered in one streaming pass: the vocabulary, the split the shards recorded, the
 * validation pieces (held in memory, as the validator needs them every epoch), the number of training windows, and
 * the n-gram baseline's sample. Training pieces are only counted here; {@link ShardWindows} streams them each epoch.
 *
 * @param data    the vocabulary, split and validation pieces; its training streams are the baseline's sample only:
 *                the training pieces up to {@link #BASELINE_TOKENS} tokens, in shard order
 * @param windows the streamed training windows
 */
public record ShardTraining(TrainingData data, ShardWindows windows) {
    /** The file of a run folder that says a run trains on shards, and with which shuffle buffer (for --resume). */
    public static final String RUN_FILE = "shards.json";

    /** What {@link #RUN_FILE} holds: the run's shuffle buffer, which sets its data order as much as the seed does. */
    record RunFile(int shuffleBuffer) {
    }

    /** The n-gram baseline is fitted on at most this many training tokens (a few megabytes of ids). */
    public static final long BASELINE_TOKENS = 2_000_000;

    /**
     * @throws IllegalArgumentException one line: no validation or training piece, an encoding that differs from the
     *                                  settings', windows longer than every piece
     */
    public static ShardTraining prepare(ShardFolder shards, TrainingSettings settings, int shuffleBuffer) throws IOException {
        Encoding encoding = settings.encodingWithOptions();
        if (!encoding.equals(styled(shards.encoding(), settings.styleToken()))) {
            throw new IllegalArgumentException(shards.dir() + ": the shards hold " + shards.encoding().label()
                    + " tokens, the settings ask for " + encoding.label());
        }
        List<String> trainNames = new ArrayList<>();
        List<String> validationNames = new ArrayList<>();
        List<List<String>> validationTokens = new ArrayList<>();
        List<List<String>> sample = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Map<String, Integer> keyTokenCounts = new TreeMap<>();
        long sampled = 0;
        boolean styled = false;
        long windowCount = 0;
        int longest = 0;
        for (Path shard : shards.shards()) {
            try (ShardFolder.Reader reader = shards.read(shard)) {
                for (ShardFolder.Piece p; (p = reader.next()) != null; ) {
                    // One String per distinct token: what is kept (validation pieces, the baseline's sample) then
                    // costs a reference per token, not a string each as Parquet hands them out.
                    List<String> framed = canonical(TrainingData.framed(p.tokens(encoding)), seen);
                    if (p.style() != null) styled = true;
                    Key key = framed.size() > 1 ? Key.fromToken(framed.get(1)) : null;
                    if (key != null) keyTokenCounts.merge(key.toString(), 1, Integer::sum);
                    if (p.validation()) {
                        validationNames.add(p.name());
                        validationTokens.add(framed);
                        continue;
                    }
                    trainNames.add(p.name());
                    windowCount += ShardWindows.count(framed.size(), settings.window(), settings.stride(), settings.mode());
                    longest = Math.max(longest, framed.size());
                    if (sampled + framed.size() <= BASELINE_TOKENS || sample.isEmpty()) {
                        sample.add(framed);
                        sampled += framed.size();
                    }
                }
            }
        }
        if (validationNames.isEmpty() || trainNames.isEmpty()) {
            throw new IllegalArgumentException(shards.dir() + ": the shards hold " + trainNames.size() + " training and "
                    + validationNames.size() + " validation pieces; training needs at least one of each");
        }
        if (settings.styleToken() && !styled) {
            throw new IllegalArgumentException(shards.dir() + ": style tokens are learnt from the composers of the corpus's "
                    + "manifest.csv, and these shards name none (prepare a corpus that has one)");
        }
        List<List<String>> all = new ArrayList<>();
        all.add(new ArrayList<>(seen.keySet()));
        if (settings.transpose() > 0) all.add(Transposer.transposedNoteTokens(all, settings.transpose()));
        boolean keys = encoding instanceof TimedEncoding timed && timed.keyToken();
        if (keys) all.add(Key.all().stream().map(Key::token).toList());
        Vocabulary vocabulary = Vocabulary.build(encoding, all);
        if (keys) vocabulary = vocabulary.withKeyCounts(((TimedEncoding) encoding).keyNormalised() ? shards.keyCounts() : keyTokenCounts);
        if (vocabulary.size() - SpecialTokens.ALL.size() < 2) {
            throw new IllegalArgumentException(shards.dir() + ": the shards hold fewer than 2 distinct tokens; there is nothing to learn");
        }
        if (settings.window() + 1 > longest) {
            throw new IllegalArgumentException("windows of " + settings.window() + " tokens are longer than every training "
                    + "piece (the longest has " + longest + " tokens); use --window " + Math.max(1, longest - 1) + " or less");
        }
        List<RunFolder.ValidationPiece> validation = new ArrayList<>();
        for (int i = 0; i < validationNames.size(); i++) {
            validation.add(new RunFolder.ValidationPiece(validationNames.get(i), vocabulary.ids(validationTokens.get(i))));
        }
        java.util.Collections.sort(trainNames);
        List<int[]> baseline = sample.stream().map(vocabulary::ids).toList();
        TrainingData data = new TrainingData(vocabulary, new Split(trainNames, sortedCopy(validationNames)), baseline, validation);
        Transposer transposer = settings.transpose() > 0 ? new Transposer(vocabulary, settings.transpose()) : null;
        ShardWindows windows = new ShardWindows(shards, vocabulary, settings, transposer, Windows.keyTokens(vocabulary),
                shuffleBuffer, windowCount);
        return new ShardTraining(data, windows);
    }

    /** {@code tokens} with each token replaced by its one instance in {@code seen} (added there when new). */
    private static List<String> canonical(List<String> tokens, Map<String, String> seen) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) out.add(seen.computeIfAbsent(t, k -> k));
        return out;
    }

    /** What a run on {@code shards} records of them: each shard's name and SHA-256, so a resumed run sees the same data. */
    static CorpusFingerprint fingerprint(ShardFolder shards) throws IOException {
        List<CorpusFingerprint.FileEntry> files = new ArrayList<>();
        for (Path shard : shards.shards()) {
            files.add(new CorpusFingerprint.FileEntry(shards.dir().relativize(shard).toString(), CorpusFingerprint.sha256(shard), 0));
        }
        return new CorpusFingerprint(shards.dir().toString(), files, List.of(), null);
    }

    /** The shards' encoding with the style option training asks for (prepare stores tokens without style tokens). */
    private static Encoding styled(Encoding shards, boolean styleToken) {
        return shards instanceof TimedEncoding timed && styleToken
                ? new TimedEncoding(timed.timedOptions().withStyleToken(true)) : shards;
    }

    private static List<String> sortedCopy(List<String> names) {
        List<String> out = new ArrayList<>(names);
        java.util.Collections.sort(out);
        return out;
    }
}
