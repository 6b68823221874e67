package dev.cadenza.trainer;

import java.io.IOException;

import org.nd4j.linalg.dataset.DataSet;

/**
 * Where the trainer's minibatches come from, one epoch at a time: windows of pieces held in memory
 * ({@link MemoryWindows}, the corpus-folder path) or streamed from token shards ({@link ShardWindows}).
 */
public interface WindowSource {
    /** Training windows in one epoch. */
    long windows();

    default int batches(int batch) {
        return (int) ((windows() + batch - 1) / batch);
    }

    /** Epoch {@code epoch}'s batches of {@code batch} windows, in an order set by the seed and the epoch alone. */
    Epoch epoch(long seed, int epoch, int batch) throws IOException;

    /**
     * One minibatch: the network's input and how many windows and targets it holds.
     *
     * @param carriedFrom with the state carried ({@link PieceStreams}): for each row, the row of the previous batch
     *                    whose final LSTM state it starts from, -1 for a zero state; null when every row starts from zero
     */
    record Batch(DataSet data, int windows, long targets, int[] carriedFrom) {
        public Batch(DataSet data, int windows, long targets) {
            this(data, windows, targets, null);
        }
    }

    interface Epoch extends AutoCloseable {
        /** Batches in this epoch when it has its own count (whole pieces: it depends on the order), else -1. */
        default int size() {
            return -1;
        }

        /** Passes over the first {@code batches} batches (a resumed run's done ones). */
        void skip(int batches) throws IOException;

        /** The next batch, its windows moved into other keys by {@code shiftSeed} when transposing; null at the end. */
        Batch next(long shiftSeed) throws IOException;

        @Override
        void close() throws IOException;
    }
}
