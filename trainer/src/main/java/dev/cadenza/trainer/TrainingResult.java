package dev.cadenza.trainer;

/**
 * How a training session ended.
 *
 * @param state   the saved state
 * @param outcome why it ended
 * @param message one line for the user
 */
public record TrainingResult(RunState state, Outcome outcome, String message) {
    public enum Outcome {
        /** Reached the last epoch. */
        COMPLETED,
        /** No validation improvement for {@code patience} epochs. */
        EARLY_STOPPED,
        /** Asked to stop (Ctrl-C); {@code last} was saved mid-epoch and {@code --resume} continues there. */
        INTERRUPTED,
        /** The loss became NaN or exploded; the checkpoints hold the last good state. */
        DIVERGED
    }
}
