package dev.cadenza.trainer;

/** What a trainer tells whoever watches it (the CLI's progress bar and log lines). All methods default to nothing. */
public interface TrainingListener {
    /** Before the first epoch of this session. */
    default void started(int nextEpoch, int epochs, int batchesPerEpoch, long windowsPerEpoch) {
    }

    default void epochStarted(int epoch, int batches, int skipped) {
    }

    /** After each batch; {@code epoch} is 1-based, {@code batch} counts from 1. */
    default void batchDone(int epoch, int batch, double loss) {
    }

    /** The epoch's batches are done and the validation pieces are being scored (seconds to minutes). */
    default void validating(int epoch) {
    }

    default void epochDone(EpochMetrics metrics, boolean best) {
    }

    default void message(String line) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
