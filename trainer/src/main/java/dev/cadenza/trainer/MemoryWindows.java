package dev.cadenza.trainer;

import java.util.List;

/** Every window of pieces held in memory, in a shuffled order per epoch: the corpus-folder training path. */
final class MemoryWindows implements WindowSource {
    private final Windows windows;

    MemoryWindows(Windows windows) {
        this.windows = windows;
    }

    @Override
    public long windows() {
        return windows.size();
    }

    @Override
    public int batches(int batch) {
        return windows.batches(batch);
    }

    @Override
    public Epoch epoch(long seed, int epoch, int batch) {
        List<Windows.Window> order = windows.epochOrder(seed, epoch);
        return new Epoch() {
            private int next;

            @Override
            public void skip(int batches) {
                next += batches;
            }

            @Override
            public Batch next(long shiftSeed) {
                int from = next * batch;
                if (from >= order.size()) return null;
                List<Windows.Window> part = order.subList(from, Math.min(order.size(), from + batch));
                next++;
                return new Batch(windows.batch(part, shiftSeed), part.size(), windows.targets(part));
            }

            @Override
            public void close() {
            }
        };
    }
}
