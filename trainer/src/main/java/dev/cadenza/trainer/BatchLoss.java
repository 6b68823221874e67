package dev.cadenza.trainer;

/**
 * Turns DL4J's minibatch score into our unit, mean cross-entropy per predicted token in nats. For an RnnOutputLayer
 * DL4J sums the loss over every unmasked step and divides by the number of windows, not the number of targets.
 */
final class BatchLoss {
    private BatchLoss() {
    }

    static double perToken(double dl4jScore, int windows, long targets) {
        return targets == 0 ? Double.NaN : dl4jScore * windows / targets;
    }
}
