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

    /** One minibatch: the network's input and how many windows and targets it holds. */
    record Batch(DataSet data, int windows, long targets) {
    }

    interface Epoch extends AutoCloseable {
        /** Passes over the first {@code batches} batches (a resumed run's done ones). */
        void skip(int batches) throws IOException;

        /** The next batch, its windows moved into other keys by {@code shiftSeed} when transposing; null at the end. */
        Batch next(long shiftSeed) throws IOException;

        @Override
        void close() throws IOException;
    }
}
