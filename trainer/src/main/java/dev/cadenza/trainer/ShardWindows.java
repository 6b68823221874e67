package dev.cadenza.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import dev.cadenza.runtime.codec.Vocabulary;

/**
 * Training windows streamed from token shards with bounded memory: each epoch reads the shards in a shuffled order,
 * one piece at a time, cuts the training pieces into the windows {@link Windows} would cut, and passes them through a
 * shuffle buffer of a fixed number of windows (a batch takes random windows from the buffer, which refills from the
 * stream). Memory holds the buffer and one piece, however large the corpus. The order is set by the seed and the
 * epoch alone, so a run is reproducible; it is not the in-memory path's order (that shuffles all windows at once).
 */
final class ShardWindows implements WindowSource {
    private final ShardFolder shards;
    private final Vocabulary vocabulary;
    private final TrainingSettings settings;
    private final Transposer transposer;
    private final boolean[] keyTokens;
    private final int buffer;
    private final long windows;
    private final dev.cadenza.runtime.codec.Encoding encoding;

    ShardWindows(ShardFolder shards, Vocabulary vocabulary, TrainingSettings settings, Transposer transposer,
                 boolean[] keyTokens, int buffer, long windows) {
        if (buffer < 1) throw new IllegalArgumentException("the shuffle buffer must hold at least 1 window, got " + buffer);
        this.shards = shards;
        this.vocabulary = vocabulary;
        this.settings = settings;
        this.transposer = transposer;
        this.keyTokens = keyTokens;
        this.buffer = buffer;
        this.windows = windows;
        this.encoding = settings.encodingWithOptions();
    }

    @Override
    public long windows() {
        return windows;
    }

    /** How many windows {@link Windows} cuts from a stream of {@code length} tokens. */
    static int count(int length, int window, int stride, TrainingSettings.Mode mode) {
        return starts(length, window, stride, mode).size();
    }

    /** Start and real length of each window of a stream of {@code length} tokens, as {@link Windows} cuts them. */
    static List<int[]> starts(int length, int window, int stride, TrainingSettings.Mode mode) {
        List<int[]> out = new ArrayList<>();
        int targets = length - 1;
        if (mode == TrainingSettings.Mode.MANY_TO_MANY) {
            for (int start = 0; start < targets; start += stride) {
                out.add(new int[] {start, Math.min(window, targets - start)});
                if (start + window >= targets) break;
            }
        } else {
            for (int start = 0; start + window <= targets; start += stride) out.add(new int[] {start, window});
        }
        return out;
    }

    @Override
    public ShardEpoch epoch(long seed, int epoch, int batch) {
        return new ShardEpoch(seed, epoch, batch);
    }

    /** What one epoch held at most while streaming: windows in the shuffle buffer, and one piece's windows waiting. */
    record Held(int buffer, int pending, long passed) {
    }

    final class ShardEpoch implements Epoch {
        private final List<Path> order;
        private final Random pick;
        private final int batch;
        private final List<int[]> pool = new ArrayList<>();
        private final ArrayDeque<int[]> pending = new ArrayDeque<>();
        private int shard;
        private ShardFolder.Reader reader;
        private int peakPool;
        private int peakPending;
        private long passed;

        ShardEpoch(long seed, int epoch, int batch) {
            this.order = new ArrayList<>(shards.shards());
            Collections.shuffle(order, new Random(Seeds.mix(seed, epoch, -3)));
            this.pick = new Random(Seeds.mix(seed, epoch, -4));
            this.batch = batch;
        }

        @Override
        public void skip(int batches) throws IOException {
            for (int i = 0; i < batches * batch && nextWindow() != null; i++) {
                // passed over
            }
        }

        @Override
        public Batch next(long shiftSeed) throws IOException {
            List<int[]> part = new ArrayList<>(batch);
            for (int[] w; part.size() < batch && (w = nextWindow()) != null; ) part.add(w);
            if (part.isEmpty()) return null;
            // Each window is its own stream of at most window + 1 tokens, from which Windows cuts exactly that window.
            Windows cut = new Windows(part, settings.window(), settings.window(), vocabulary.size(), settings.mode(),
                    transposer, null);
            return new Batch(cut.batch(cut.windows(), shiftSeed), part.size(), cut.targets(cut.windows()));
        }

        /** A random window of the buffer, refilled from the stream first; null when both are empty. */
        private int[] nextWindow() throws IOException {
            while (pool.size() < buffer && fill()) {
                // filling
            }
            if (pool.isEmpty()) return null;
            int i = pick.nextInt(pool.size());
            int[] w = pool.get(i);
            pool.set(i, pool.get(pool.size() - 1));
            pool.remove(pool.size() - 1);
            return w;
        }

        /** Moves one window into the buffer, reading the next training piece when needed; false at the epoch's end. */
        private boolean fill() throws IOException {
            while (pending.isEmpty()) {
                if (reader == null) {
                    if (shard >= order.size()) return false;
                    reader = shards.read(order.get(shard++));
                }
                ShardFolder.Piece piece = reader.next();
                if (piece == null) {
                    reader.close();
                    reader = null;
                } else if (!piece.validation()) {
                    cut(vocabulary.ids(TrainingData.framed(piece.tokens(encoding))));
                }
            }
            peakPending = Math.max(peakPending, pending.size());
            pool.add(pending.poll());
            peakPool = Math.max(peakPool, pool.size());
            passed++;
            return true;
        }

        /** The piece's windows, each copied out with its key token as first input as {@link Windows#batch} places it. */
        private void cut(int[] s) {
            boolean keyed = keyTokens != null && settings.mode() == TrainingSettings.Mode.MANY_TO_MANY && s.length > 1
                    && keyTokens[s[1]];
            for (int[] w : starts(s.length, settings.window(), settings.stride(), settings.mode())) {
                int[] copy = java.util.Arrays.copyOfRange(s, w[0], w[0] + w[1] + 1);
                if (keyed && w[0] >= 2) copy[0] = s[1];
                pending.add(copy);
            }
        }

        /** The most this epoch has held so far, and how many windows have passed through its buffer. */
        Held held() {
            return new Held(peakPool, peakPending, passed);
        }

        @Override
        public void close() throws IOException {
            if (reader != null) reader.close();
        }
    }
}
