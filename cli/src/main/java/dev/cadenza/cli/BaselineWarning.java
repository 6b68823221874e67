package dev.cadenza.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * The one line that says a model predicts held-out music worse than a 3-gram table of the same corpus does: such a
 * model has learnt less than note-to-note statistics, and its pieces show it. train, export and evaluate all say it.
 */
final class BaselineWarning {
    private BaselineWarning() {
    }

    /**
     * @param what how the model's figure is named ("best validation loss", "held-out NLL")
     * @return the warning, or empty when the model is better or either figure is unknown
     */
    static Optional<String> of(double model, double baseline, String what) {
        if (!Double.isFinite(model) || !Double.isFinite(baseline) || model <= baseline) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "warning: %s %.3f nats/token is worse than the 3-gram baseline's "
                + "%.3f: the network has not learnt more than note-to-note statistics yet (train longer, or on more "
                + "music)", what, model, baseline));
    }
}
