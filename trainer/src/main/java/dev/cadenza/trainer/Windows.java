package dev.cadenza.trainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import dev.cadenza.runtime.codec.Vocabulary;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cuts token streams into training windows and packs them into DL4J minibatches. A window never crosses two
 * streams. Inputs are {@code [batch, 1, window]} token ids, labels one-hot {@code [batch, vocabulary, window]} (NCW).
 * <ul>
 *   <li>many-to-many: inputs {@code s[i..i+w)}, targets {@code s[i+1..i+w+1)}; the tail of a stream shorter than
 *       {@code w} becomes a padded window whose padding is masked out;</li>
 *   <li>many-to-one (the tutorial's scheme): inputs {@code s[i..i+w)}, one target {@code s[i+w]} at the last step.</li>
 * </ul>
 * With key tokens ({@code <start> k:Am ...}), every many-to-many window of a piece opens with its key: the first
 * input of a window that starts after the key token is replaced by that key token (moved with the window's
 * transposition), its targets unchanged. Without that only a piece's first window would hold its key, 13 windows an
 * epoch on a 14-piece corpus, too few for the network to learn what the key token asks for. A style token
 * ({@code <start> k:Am s:chopin ...}) is carried the same way: a window that starts after a piece's header tokens
 * opens with all of them.
 */
public final class Windows {
    /** Window {@code start} of stream {@code stream}, with {@code length} real input steps. */
    public record Window(int stream, int start, int length) {
    }

    private final List<int[]> streams;
    private final int window;
    private final int vocabulary;
    private final TrainingSettings.Mode mode;
    private final List<Window> all;
    private final Transposer transposer;
    /** keyTokens[id]: whether id is a header token (key or style); null when the vocabulary has none. */
    private final boolean[] keyTokens;
    private final VelocityJitter jitter;

    public Windows(List<int[]> streams, int window, int stride, int vocabulary, TrainingSettings.Mode mode) {
        this(streams, window, stride, vocabulary, mode, null, null);
    }

    /**
     * @param transposer shifts windows into other keys in {@link #batch(List, long)}; null for none
     * @param keyTokens  which ids are key tokens ({@link #keyTokens(Vocabulary)}), so that every window opens with its
     *                   piece's key; null for none
     */
    public Windows(List<int[]> streams, int window, int stride, int vocabulary, TrainingSettings.Mode mode,
                   Transposer transposer, boolean[] keyTokens) {
        this(streams, window, stride, vocabulary, mode, transposer, keyTokens, null);
    }

    /** @param jitter moves each window's velocity bins by -1, 0 or +1 in {@link #batch(List, long)}; null for none */
    public Windows(List<int[]> streams, int window, int stride, int vocabulary, TrainingSettings.Mode mode,
                   Transposer transposer, boolean[] keyTokens, VelocityJitter jitter) {
        this.jitter = jitter;
        this.keyTokens = keyTokens;
        this.streams = List.copyOf(streams);
        this.transposer = transposer;
        this.window = window;
        this.vocabulary = vocabulary;
        this.mode = mode;
        List<Window> out = new ArrayList<>();
        for (int s = 0; s < streams.size(); s++) {
            int targets = streams.get(s).length - 1; // every token but the first is a target
            if (mode == TrainingSettings.Mode.MANY_TO_MANY) {
                for (int start = 0; start < targets; start += stride) {
                    out.add(new Window(s, start, Math.min(window, targets - start)));
                    if (start + window >= targets) break; // this window already reaches the end
                }
            } else {
                for (int start = 0; start + window <= targets; start += stride) out.add(new Window(s, start, window));
            }
        }
        this.all = List.copyOf(out);
    }

    /**
     * Which ids of a vocabulary are header tokens, the key ({@code k:Am}) and style ({@code s:chopin}) tokens that
     * follow START, or null when it has none.
     */
    public static boolean[] keyTokens(Vocabulary vocabulary) {
        boolean[] key = new boolean[vocabulary.size()];
        boolean any = false;
        for (int id = 0; id < key.length; id++) {
            String token = vocabulary.token(id);
            key[id] = dev.cadenza.runtime.music.Key.fromToken(token) != null
                    || dev.cadenza.runtime.codec.TimedEncoding.styleOf(token) != null;
            any |= key[id];
        }
        return any ? key : null;
    }

    public List<Window> windows() {
        return all;
    }

    public int size() {
        return all.size();
    }

    public int batches(int batch) {
        return (all.size() + batch - 1) / batch;
    }

    /** The windows in the order of one epoch: a shuffle determined by the seed and the epoch alone. */
    public List<Window> epochOrder(long seed, int epoch) {
        List<Window> order = new ArrayList<>(all);
        Collections.shuffle(order, new Random(Seeds.mix(seed, epoch, -1)));
        return order;
    }

    /** How many targets a batch of these windows holds (masked padding excluded). */
    public long targets(List<Window> batch) {
        if (mode == TrainingSettings.Mode.MANY_TO_ONE) return batch.size();
        long n = 0;
        for (Window w : batch) n += w.length();
        return n;
    }

    public DataSet batch(List<Window> batch) {
        return batch(batch, 0);
    }

    /**
     * A minibatch of these windows. With a transposer, each window is moved by a shift drawn from
     * {@code shiftSeed} (a window whose notes cannot all take its shift stays in its key).
     */
    public DataSet batch(List<Window> batch, long shiftSeed) {
        int b = batch.size();
        java.util.SplittableRandom shifts = new java.util.SplittableRandom(shiftSeed);
        int[] moved = new int[window + 1];
        float[] features = new float[b * window];
        float[] labels = new float[b * vocabulary * window];
        float[] mask = new float[b * window];
        boolean masked = mode == TrainingSettings.Mode.MANY_TO_ONE;
        for (int i = 0; i < b; i++) {
            Window w = batch.get(i);
            int[] s = streams.get(w.stream());
            int[] piece = s;
            int offset = w.start();
            int shift = 0;
            if (transposer != null && transposer.range() > 0) {
                int k = shifts.nextInt(2 * transposer.range() + 1) - transposer.range();
                if (transposer.shift(s, w.start(), w.start() + w.length() + 1, k, moved)) {
                    s = moved;
                    offset = 0;
                    shift = k;
                }
            }
            // drawn after the shift, and only when on, so that runs without jitter see the shifts they always saw
            int loudness = jitter == null ? 0 : VelocityJitter.draw(shifts);
            if (w.length() < window) masked = true;
            for (int t = 0; t < w.length(); t++) {
                features[i * window + t] = jitter == null ? s[offset + t] : jitter.apply(s[offset + t], loudness);
                boolean target = mode == TrainingSettings.Mode.MANY_TO_MANY || t == window - 1;
                if (target) {
                    int next = jitter == null ? s[offset + t + 1] : jitter.apply(s[offset + t + 1], loudness);
                    labels[(i * vocabulary + next) * window + t] = 1f;
                    mask[i * window + t] = 1f;
                }
            }
            int header = keyTokens == null ? 0 : headerLength(piece);
            if (header > 0 && mode == TrainingSettings.Mode.MANY_TO_MANY && w.start() >= 1 + header) {
                for (int j = 0; j < header && j < w.length(); j++) {
                    int[] key = new int[1];
                    boolean headerMoved = shift != 0 && transposer.shift(piece, 1 + j, 2 + j, shift, key);
                    features[i * window + j] = headerMoved ? key[0] : piece[1 + j]; // a style token has no pitch to move
                }
            }
        }
        INDArray f = Nd4j.create(features, new long[]{b, 1, window}, 'c');
        INDArray l = Nd4j.create(labels, new long[]{b, vocabulary, window}, 'c');
        if (!masked) return new DataSet(f, l);
        INDArray m = Nd4j.create(mask, new long[]{b, window}, 'c');
        INDArray featureMask = null;
        if (mode == TrainingSettings.Mode.MANY_TO_MANY) featureMask = m; // padding steps are not inputs either
        return new DataSet(f, l, featureMask, m);
    }

    /** How many header tokens (key, style) follow a stream's START. */
    private int headerLength(int[] piece) {
        int n = 0;
        while (1 + n < piece.length && keyTokens[piece[1 + n]]) n++;
        return n;
    }
}
