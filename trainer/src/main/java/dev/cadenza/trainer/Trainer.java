package dev.cadenza.trainer;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import dev.cadenza.evaluation.baseline.NgramModel;
import dev.cadenza.runtime.io.Counted;

/**
 * The epoch loop: fit minibatches, validate, keep {@code best} and {@code last}, stop early, stop on request.
 *
 * <p>Reproducible by construction: the window order of epoch e is a shuffle seeded by (seed, e), and the random
 * generator behind dropout is reseeded from (seed, epoch, batch) before every batch. So resuming from {@code last}
 * (which holds the optimizer state) gives the same batches and the same updates as a run that never stopped.
 */
public final class Trainer {
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private TrainingProfile profile;

    /** Prints after every epoch where its time went ({@code train --profile}). */
    public void profile() {
        profile = new TrainingProfile();
    }

    /** Asks the loop to stop after the current batch and save {@code last}. Safe to call from any thread. */
    public void requestStop() {
        stopRequested.set(true);
    }

    /** Waits until {@link #train} has returned (with {@code last} saved), at most {@code seconds}. */
    public boolean awaitDone(long seconds) throws InterruptedException {
        return done.await(seconds, TimeUnit.SECONDS);
    }

    /** Trains on the windows of {@code data}'s training streams, held in memory. */
    public TrainingResult train(RunFolder run, TrainingData data, MultiLayerNetwork network, RunState start,
                                TrainingListener listener) throws IOException {
        TrainingSettings s = run.settings();
        Transposer transposer = s.transpose() > 0 ? new Transposer(data.vocabulary(), s.transpose()) : null;
        VelocityJitter jitter = s.velocityJitter() ? new VelocityJitter(data.vocabulary()) : null;
        if (s.context() == TrainingSettings.Context.PIECE) {
            return train(run, data, new PieceStreams(data.trainStreams(), s.window(), data.vocabulary().size(), transposer,
                    jitter), network, start, listener);
        }
        Windows windows = new Windows(data.trainStreams(), s.window(), s.stride(), data.vocabulary().size(), s.mode(),
                transposer, Windows.keyTokens(data.vocabulary()), jitter);
        return train(run, data, new MemoryWindows(windows), network, start, listener);
    }

    /** Trains on the windows {@code source} gives; {@code data}'s training streams only fit the n-gram baseline. */
    public TrainingResult train(RunFolder run, TrainingData data, WindowSource source, MultiLayerNetwork network,
                                RunState start, TrainingListener listener) throws IOException {
        try {
            return loop(run, data, source, network, start, listener);
        } finally {
            done.countDown();
        }
    }

    private TrainingResult loop(RunFolder run, TrainingData data, WindowSource windows, MultiLayerNetwork network,
                                RunState start, TrainingListener listener) throws IOException {
        TrainingSettings s = run.settings();
        int vocab = data.vocabulary().size();
        boolean[] keyTokens = Windows.keyTokens(data.vocabulary());
        if (windows.windows() == 0) {
            throw new IllegalArgumentException("no training window of " + s.window() + " tokens fits in any piece");
        }
        Validator validator = new Validator(data.validationStreams(), s.window(), vocab, Math.max(s.batch(), 32), s.mode(),
                keyTokens);
        double ngram = Double.isFinite(start.ngramValLoss()) ? start.ngramValLoss()
                : NgramModel.fit(data.trainStreams(), vocab).crossEntropy(data.validationStreams());
        MetricsLog metrics = new MetricsLog(run.metricsFile(), start.epochsDone());
        int batchesPerEpoch = windows.batches(s.batch());
        if (s.maxBatches() > 0) batchesPerEpoch = Math.min(batchesPerEpoch, s.maxBatches());
        listener.started(start.epochsDone(), s.epochs(), batchesPerEpoch, (int) Math.min(Integer.MAX_VALUE, windows.windows()));
        double explodes = 10 * Math.log(vocab) + 10; // a uniform guess costs ln(vocab); far above is divergence

        boolean wholePieces = s.context() == TrainingSettings.Context.PIECE;
        if (wholePieces && !(windows instanceof PieceStreams)) {
            throw new IllegalArgumentException("training on whole pieces (--context piece) needs the pieces in memory; "
                    + "this source streams windows");
        }
        CarriedStateFit carried = wholePieces ? new CarriedStateFit(network) : null;
        NetworkShape shape = s.shape(vocab);
        RunState state = new RunState(start.epochsDone(), start.batchesDone(), start.bestEpoch(), start.bestValLoss(),
                ngram, RunState.RUNNING, start.dl4jVersion(), false, start.trainSeconds());
        for (int epoch = state.epochsDone(); epoch < s.epochs(); epoch++) {
            int skip = epoch == start.epochsDone() ? start.batchesDone() : 0;
            if (profile != null) profile.epochStarted();
            double lossSum = 0;
            int lossCount = 0;
            long windowsSeen = 0;
            long tokensSeen = 0;
            long t0 = System.nanoTime();
            try (WindowSource.Epoch batches = windows.epoch(s.seed(), epoch, s.batch())) {
                // whole pieces: the number of batches depends on the epoch's order of the pieces
                int inEpoch = batches.size() < 0 ? batchesPerEpoch
                        : s.maxBatches() > 0 ? Math.min(batches.size(), s.maxBatches()) : batches.size();
                listener.epochStarted(epoch + 1, inEpoch, skip);
                if (carried != null) {
                    carried.reset();
                    if (skip > 0) carried.load(run.carriedStateFile(), epoch, skip);
                }
                batches.skip(skip);
                for (int b = skip; b < inEpoch; b++) {
                    long d0 = System.nanoTime();
                    WindowSource.Batch part = batches.next(Seeds.mix(s.seed(), epoch, b) ^ 0x5DEECE66DL);
                    if (part == null) break;
                    Nd4j.getRandom().setSeed(Seeds.mix(s.seed(), epoch, b));
                    long f0 = System.nanoTime();
                    // DL4J's score adds the weight-decay penalty of the weights the batch was scored with: not a loss
                    double penalty = s.weightDecay() > 0 ? network.calcRegularizationScore(true) : 0;
                    if (carried != null) carried.fit(part.data(), part.carriedFrom());
                    else network.fit(part.data());
                    if (profile != null) profile.batch(f0 - d0, System.nanoTime() - f0);
                    long targets = part.targets();
                    double loss = BatchLoss.perToken(network.score() - penalty, part.windows(), targets);
                    if (!Double.isFinite(loss) || loss > explodes) {
                        return diverged(run, state, "training loss became " + (Double.isFinite(loss) ? "too large (" + loss + ")" : String.valueOf(loss))
                                + " at epoch " + (epoch + 1) + ", batch " + (b + 1), listener);
                    }
                    lossSum += loss;
                    lossCount++;
                    windowsSeen += part.windows();
                    tokensSeen += targets;
                    listener.batchDone(epoch + 1, b + 1, loss);
                    if (stopRequested.get() && b + 1 < inEpoch) {
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        if (carried != null) carried.save(run.carriedStateFile(), epoch, b + 1);
                        state = new RunState(epoch, b + 1, state.bestEpoch(), state.bestValLoss(), ngram,
                                "interrupted", state.dl4jVersion(), false, state.trainSeconds() + seconds);
                        network.getLayerWiseConfigurations().setEpochCount(epoch);
                        saveLast(run, network, state);
                        String msg = "interrupted at epoch " + (epoch + 1) + ", batch " + (b + 1) + " of " + inEpoch
                                + "; saved " + run.checkpointFile(Checkpoint.LAST) + " (continue with --resume)";
                        listener.message(msg);
                        return new TrainingResult(state, TrainingResult.Outcome.INTERRUPTED, msg);
                    }
                }
            }
            long v0 = System.nanoTime();
            double seconds = (v0 - t0) / 1e9;
            listener.validating(epoch + 1);
            Validator.Result val = validator.evaluate(network);
            double pieceLoss = WholePieceLoss.of(network, shape, data.validationStreams());
            if (profile != null) listener.message(profile.epochLine(epoch + 1, System.nanoTime() - v0));
            // What picks best and stops early: the validation that matches how the run trains
            double selected = wholePieces ? pieceLoss : val.loss();
            if (!Double.isFinite(val.loss()) || !Double.isFinite(pieceLoss)) {
                return diverged(run, state, "validation loss became " + (Double.isFinite(val.loss()) ? pieceLoss : val.loss())
                        + " after epoch " + (epoch + 1), listener);
            }
            EpochMetrics m = new EpochMetrics(epoch + 1, lossCount > 0 ? lossSum / lossCount : Double.NaN, val.loss(),
                    val.accuracy(), ngram, seconds, windowsSeen, tokensSeen, pieceLoss);
            boolean best = !(selected >= state.bestValLoss()); // NaN best (none yet) counts as improved
            network.getLayerWiseConfigurations().setEpochCount(epoch + 1);
            if (best) run.saveNetwork(network, Checkpoint.BEST);
            state = new RunState(epoch + 1, 0, best ? epoch + 1 : state.bestEpoch(),
                    best ? selected : state.bestValLoss(), ngram, RunState.RUNNING, state.dl4jVersion(), false,
                    state.trainSeconds() + seconds);
            saveLast(run, network, state);
            metrics.add(m);
            listener.epochDone(m, best);
            if (stopRequested.get() && epoch + 1 < s.epochs()) {
                state = state.withStop("interrupted", false);
                run.saveState(state);
                String msg = "interrupted after epoch " + (epoch + 1) + " (its validation done): saved "
                        + run.checkpointFile(Checkpoint.LAST) + " and " + run.checkpointFile(Checkpoint.BEST) + " (epoch "
                        + state.bestEpoch() + "); continue with --resume";
                listener.message(msg);
                metrics.writeChart(run.chartFile());
                return new TrainingResult(state, TrainingResult.Outcome.INTERRUPTED, msg);
            }
            if (s.patience() > 0 && state.epochsDone() - state.bestEpoch() >= s.patience() && epoch + 1 < s.epochs()) {
                String msg = "stopped early: validation loss" + (wholePieces ? " (whole pieces)" : "") + " has not improved for "
                        + Counted.of(s.patience(), "epoch")
                        + " (best " + fmt(state.bestValLoss()) + " at epoch " + state.bestEpoch() + ")";
                state = state.withStop(msg, true);
                run.saveState(state);
                metrics.writeChart(run.chartFile());
                listener.message(msg);
                return new TrainingResult(state, TrainingResult.Outcome.EARLY_STOPPED, msg);
            }
        }
        String msg = "finished " + Counted.of(state.epochsDone(), "epoch") + "; best validation loss"
                + (wholePieces ? " (whole pieces)" : "") + " " + fmt(state.bestValLoss())
                + " nats/token at epoch " + state.bestEpoch() + " (n-gram baseline " + fmt(ngram) + ")";
        state = state.withStop("reached " + s.epochs() + " epochs", true);
        run.saveState(state);
        metrics.writeChart(run.chartFile());
        listener.message(msg);
        return new TrainingResult(state, TrainingResult.Outcome.COMPLETED, msg);
    }

    /** Saves last, then the state that describes it; if the disk fills, the old checkpoint stays whole. */
    private static void saveLast(RunFolder run, MultiLayerNetwork network, RunState state) throws IOException {
        try {
            run.saveNetwork(network, Checkpoint.LAST);
        } catch (IOException e) {
            throw new IOException("could not save " + run.checkpointFile(Checkpoint.LAST) + " (" + e.getMessage()
                    + "); the previous checkpoint is intact", e);
        }
        run.saveState(state);
    }

    private static TrainingResult diverged(RunFolder run, RunState state, String what, TrainingListener listener)
            throws IOException {
        String msg = what + "; stopped without saving the broken weights. " + (run.hasCheckpoint(Checkpoint.LAST)
                ? "The last good checkpoint (epoch " + state.epochsDone() + ") is kept; try a lower --learning-rate or a --clip."
                : "No epoch finished, so there is no checkpoint; try a lower --learning-rate or a --clip.");
        RunState stopped = state.withStop(what, true);
        run.saveState(stopped);
        listener.message(msg);
        return new TrainingResult(stopped, TrainingResult.Outcome.DIVERGED, msg);
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
