package dev.cadenza.trainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole training pieces as streams, for training with the LSTM state carried from window to window
 * ({@code --context piece}). Each row of a batch walks through one piece in consecutive windows of {@code window}
 * tokens; the next batch's row continues where it stopped, from the state it ended in. A row whose piece ends takes
 * the next piece of the epoch's order (a seeded shuffle of the pieces), from a zero state; once no piece is left, rows
 * that finish drop out and the last batches are smaller. So an epoch is every training token once, and a piece's
 * windows are always met in order.
 *
 * <p>The whole epoch is planned in advance from the seed, the epoch and the piece lengths ({@link #plan}), so resuming
 * in the middle of an epoch gives the same batches. With augmentation, a piece's transposition and velocity shift are
 * drawn once when a row takes it, and hold for the whole piece (a key change halfway would contradict what the state
 * has carried since its key token).
 */
final class PieceStreams implements WindowSource {
    /**
     * One row of a batch: inputs {@code stream[start..start+length)}, targets one token later.
     *
     * @param from      the row of the previous batch whose final state this row starts from, -1 for a zero state
     * @param transpose semitones the piece is moved by (0 when the transposer cannot move every note of it)
     * @param loudness  velocity bins the piece is moved by (-1, 0, +1)
     */
    record Row(int stream, int start, int length, int from, int transpose, int loudness) {
    }

    private final List<int[]> streams;
    private final int window;
    private final int vocabulary;
    private final Transposer transposer;
    private final VelocityJitter jitter;

    PieceStreams(List<int[]> streams, int window, int vocabulary, Transposer transposer, VelocityJitter jitter) {
        this.streams = List.copyOf(streams);
        this.window = window;
        this.vocabulary = vocabulary;
        this.transposer = transposer;
        this.jitter = jitter;
    }

    /** Windows (rows) in one epoch: every piece's targets cut into windows of {@code window}. */
    @Override
    public long windows() {
        long n = 0;
        for (int[] s : streams) n += (s.length - 1 + window - 1) / window;
        return n;
    }

    /** The epoch's batches, row by row. */
    List<List<Row>> plan(long seed, int epoch, int batch) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) if (streams.get(i).length > 1) order.add(i);
        Collections.shuffle(order, new Random(Seeds.mix(seed, epoch, -3)));
        SplittableRandom shifts = new SplittableRandom(Seeds.mix(seed, epoch, -4));
        int next = 0;
        List<Row> rows = new ArrayList<>();
        while (rows.size() < batch && next < order.size()) rows.add(fresh(order.get(next++), shifts));
        List<List<Row>> plan = new ArrayList<>();
        while (!rows.isEmpty()) {
            plan.add(rows);
            List<Row> following = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                int start = r.start() + r.length();
                int targets = streams.get(r.stream()).length - 1;
                if (start < targets) {
                    following.add(new Row(r.stream(), start, Math.min(window, targets - start), i, r.transpose(), r.loudness()));
                } else if (next < order.size()) {
                    following.add(fresh(order.get(next++), shifts));
                }
            }
            rows = following;
        }
        return plan;
    }

    private Row fresh(int stream, SplittableRandom shifts) {
        int[] s = streams.get(stream);
        int k = 0;
        if (transposer != null && transposer.range() > 0) {
            int drawn = shifts.nextInt(2 * transposer.range() + 1) - transposer.range();
            if (transposer.shift(s, 0, s.length, drawn, new int[s.length])) k = drawn;
        }
        int loudness = jitter == null ? 0 : VelocityJitter.draw(shifts);
        return new Row(stream, 0, Math.min(window, s.length - 1), -1, k, loudness);
    }

    /** How many targets a batch holds. */
    static long targets(List<Row> rows) {
        long n = 0;
        for (Row r : rows) n += r.length();
        return n;
    }

    /** The minibatch of these rows: NCW inputs and one-hot labels as {@link Windows} makes them, padding masked. */
    DataSet batch(List<Row> rows) {
        int b = rows.size();
        float[] features = new float[b * window];
        float[] labels = new float[b * vocabulary * window];
        float[] mask = new float[b * window];
        boolean masked = false;
        int[] moved = new int[window + 1];
        for (int i = 0; i < b; i++) {
            Row r = rows.get(i);
            int[] s = streams.get(r.stream());
            int offset = r.start();
            if (r.transpose() != 0 && transposer.shift(s, r.start(), r.start() + r.length() + 1, r.transpose(), moved)) {
                s = moved;
                offset = 0;
            }
            if (r.length() < window) masked = true;
            for (int t = 0; t < r.length(); t++) {
                int in = s[offset + t], next = s[offset + t + 1];
                if (jitter != null) {
                    in = jitter.apply(in, r.loudness());
                    next = jitter.apply(next, r.loudness());
                }
                features[i * window + t] = in;
                labels[(i * vocabulary + next) * window + t] = 1f;
                mask[i * window + t] = 1f;
            }
        }
        INDArray f = Nd4j.create(features, new long[]{b, 1, window}, 'c');
        INDArray l = Nd4j.create(labels, new long[]{b, vocabulary, window}, 'c');
        if (!masked) return new DataSet(f, l);
        INDArray m = Nd4j.create(mask, new long[]{b, window}, 'c');
        return new DataSet(f, l, m, m);
    }

    @Override
    public Epoch epoch(long seed, int epoch, int batch) {
        List<List<Row>> plan = plan(seed, epoch, batch);
        return new Epoch() {
            private int next;

            @Override
            public int size() {
                return plan.size();
            }

            @Override
            public void skip(int batches) {
                next += batches;
            }

            @Override
            public Batch next(long shiftSeed) {
                if (next >= plan.size()) return null;
                List<Row> rows = plan.get(next++);
                int[] from = new int[rows.size()];
                for (int i = 0; i < from.length; i++) from[i] = rows.get(i).from();
                return new Batch(batch(rows), rows.size(), targets(rows), from);
            }

            @Override
            public void close() {
            }
        };
    }
}
