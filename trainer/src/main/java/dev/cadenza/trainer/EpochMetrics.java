package dev.cadenza.trainer;

import java.util.Locale;

/**
 * One epoch's numbers, one row of {@code metrics.csv}. Losses are mean cross-entropy per predicted token, in nats.
 *
 * @param epoch         1-based epoch number
 * @param trainLoss     mean over the epoch's batches of the training loss (dropout on, before each update)
 * @param valLoss       validation loss, computed from the output probabilities
 * @param valAccuracy   share of validation tokens whose most likely prediction is right
 * @param ngramValLoss  the n-gram baseline on the same validation tokens
 * @param seconds       wall-clock seconds of training (validation excluded)
 * @param windows       training windows seen this epoch
 * @param tokens        predicted training tokens this epoch (unmasked targets)
 * @param valPieceLoss  validation loss of the whole held-out pieces, each scored from its start with the LSTM state
 *                      carried from token to token, as generation runs the model (NaN in rows from before it existed)
 */
public record EpochMetrics(int epoch, double trainLoss, double valLoss, double valAccuracy, double ngramValLoss,
                           double seconds, long windows, long tokens, double valPieceLoss) {
    public static final String CSV_HEADER =
            "epoch,train_loss,val_loss,val_accuracy,val_perplexity,ngram_val_loss,seconds,windows,tokens,windows_per_s,"
                    + "tokens_per_s,val_piece_loss";

    public double valPerplexity() {
        return Math.exp(valLoss);
    }

    public double windowsPerSecond() {
        return seconds > 0 ? windows / seconds : 0;
    }

    public double tokensPerSecond() {
        return seconds > 0 ? tokens / seconds : 0;
    }

    public String csvRow() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.4f,%.6f,%.3f,%d,%d,%.2f,%.1f,%.6f", epoch, trainLoss, valLoss,
                valAccuracy, valPerplexity(), ngramValLoss, seconds, windows, tokens, windowsPerSecond(), tokensPerSecond(),
                valPieceLoss);
    }

    public static EpochMetrics parse(String row) {
        String[] f = row.split(",");
        if (f.length < 9) throw new IllegalArgumentException("not a metrics row: " + row);
        return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Long.parseLong(f[7]),
                Long.parseLong(f[8]), f.length > 11 ? Double.parseDouble(f[11]) : Double.NaN);
    }
}
