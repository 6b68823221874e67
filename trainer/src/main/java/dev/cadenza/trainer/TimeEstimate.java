package dev.cadenza.trainer;

import java.util.List;
import java.util.Locale;

/**
 * How long a run will take, said before it starts: the input steps of one epoch (training windows, plus the
 * validation pieces read forward only) over a recorded training speed, scaled from the {@code small} network to this
 * one by the number of weights (an LSTM's work per step grows with them). A first guess for the user to plan with,
 * not a promise: a busy machine is slower, and early stopping usually ends a run before its last epoch.
 *
 * @param stepsPerEpoch      input steps (tokens fed to the network) in one epoch's training windows
 * @param validationSteps    tokens of the validation pieces, scored once per epoch
 * @param stepsPerSecond     the expected training speed of this network with these threads
 * @param secondsPerEpoch    the estimate for one epoch, validation included
 * @param epochs             the most epochs the run may train
 */
public record TimeEstimate(long stepsPerEpoch, long validationSteps, double stepsPerSecond, double secondsPerEpoch,
                           int epochs) {
    /**
     * The recorded speeds: {@code small} (64, 2 x 256, vocabulary 134, batch 32, fused LSTM) in whole {@code train}
     * runs on an idle 2-core Xeon, 2026-12-07 (docs/training.md): 5,353 predicted tokens/s with 2 threads, 4,571
     * with 1.
     */
    static final double SMALL_TWO_THREADS = 5_353;
    static final double SMALL_ONE_THREAD = 4_571;
    private static final NetworkShape SMALL = new NetworkShape(134, 64, 2, 256, 0, 0.25);
    /** Scoring a token forward only costs about a third of training on it (no backward pass, no update). */
    private static final double VALIDATION_COST = 1 / 3.0;

    public static TimeEstimate of(TrainingSettings settings, int vocabulary, List<int[]> trainStreams,
                                  List<int[]> validationStreams) {
        long steps = 0;
        for (int[] s : trainStreams) steps += windowSteps(s.length - 1, settings);
        if (settings.maxBatches() > 0) {
            long windows = Math.max(1, steps / settings.window());
            long cap = (long) settings.maxBatches() * settings.batch();
            if (windows > cap) steps = steps * cap / windows;
        }
        long validation = 0;
        for (int[] s : validationStreams) validation += s.length;
        double reference = settings.threads() == 1 ? SMALL_ONE_THREAD : SMALL_TWO_THREADS;
        double rate = reference * SMALL.parameters() / (double) settings.shape(vocabulary).parameters();
        double seconds = (steps + validation * VALIDATION_COST) / rate;
        return new TimeEstimate(steps, validation, rate, seconds, settings.epochs());
    }

    /** Input steps of the windows of one stream with {@code targets} targets, as {@link Windows} cuts them. */
    private static long windowSteps(int targets, TrainingSettings s) {
        if (targets < 1) return 0;
        if (s.mode() == TrainingSettings.Mode.MANY_TO_ONE) {
            long windows = targets < s.window() ? 0 : (targets - s.window()) / s.stride() + 1;
            return windows * s.window();
        }
        long steps = 0;
        for (int start = 0; start < targets; start += s.stride()) {
            steps += Math.min(s.window(), targets - start);
            if (start + s.window() >= targets) break;
        }
        return steps;
    }

    /** The longest the run may take: every epoch it may train. */
    public double maxSeconds() {
        return secondsPerEpoch * epochs;
    }

    /** One line for the user, before training starts. */
    public String line(int patience) {
        return String.format(Locale.ROOT, "estimated time: about %s per epoch (%,d training tokens and %,d validation tokens "
                        + "at about %,.0f tokens/s, the speed recorded on an idle 2-core machine for this network's size); "
                        + "%d epochs at most: up to %s%s", duration(secondsPerEpoch), stepsPerEpoch, validationSteps,
                stepsPerSecond, epochs, duration(maxSeconds()),
                patience > 0 ? ", less when validation stops improving (patience " + patience + ")" : "");
    }

    /** 45 s, 12 min, 3.4 h. */
    public static String duration(double seconds) {
        if (seconds < 90) return String.format(Locale.ROOT, "%.0f s", seconds);
        if (seconds < 90 * 60) return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
