package dev.cadenza.trainer;

/**
 * Where a run stands, saved as {@code state.json} each time {@code last} is saved.
 *
 * @param epochsDone      completed epochs (the next epoch to train is this number, counting from 0)
 * @param batchesDone     batches of epoch {@code epochsDone} already trained when the run was interrupted mid-epoch
 * @param bestEpoch       the epoch (1-based) whose weights are in {@code best}, 0 if none yet
 * @param bestValLoss     validation loss of {@code best}, in nats per token (NaN if none yet)
 * @param ngramValLoss    the n-gram baseline's loss on the same validation pieces, in nats per token
 * @param stopReason      why the run stopped, or {@code running}
 * @param dl4jVersion     the Deeplearning4j version that wrote the checkpoints
 * @param finished        true when the run ended on its own (epochs reached, early stop, or a failure)
 * @param trainSeconds    wall-clock seconds spent training so far, over all sessions of the run
 */
public record RunState(int epochsDone, int batchesDone, int bestEpoch, double bestValLoss, double ngramValLoss,
                       String stopReason, String dl4jVersion, boolean finished, double trainSeconds) {
    public static final String RUNNING = "running";

    public RunState withStop(String reason, boolean finished) {
        return new RunState(epochsDone, batchesDone, bestEpoch, bestValLoss, ngramValLoss, reason, dl4jVersion,
                finished, trainSeconds);
    }
}
