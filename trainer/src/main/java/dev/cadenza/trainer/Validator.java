package dev.cadenza.trainer;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Validation loss as we define it, from the network's output probabilities: mean cross-entropy per predicted token
 * in nats, over windows of the validation pieces, each window starting from a zero state (as in training): in
 * many-to-many mode non-overlapping windows scored at every step; in many-to-one mode (the tutorial's) every window
 * (stride 1) scored at its last step only, the one prediction such a network is trained for. DL4J's own score is not
 * used: it adds regularisation and averages over padded steps too.
 */
public final class Validator {
    /** @param loss mean cross-entropy (nats per token); @param accuracy top-1 share; @param tokens targets counted */
    public record Result(double loss, double accuracy, long tokens) {
        public double perplexity() {
            return Math.exp(loss);
        }
    }

    private static final double FLOOR = 1e-12; // a probability of 0 would make the loss infinite

    private final Windows windows;
    private final int window;
    private final int vocabulary;
    private final int batch;

    public Validator(List<int[]> validationStreams, int window, int vocabulary, int batch) {
        this(validationStreams, window, vocabulary, batch, TrainingSettings.Mode.MANY_TO_MANY);
    }

    public Validator(List<int[]> validationStreams, int window, int vocabulary, int batch, TrainingSettings.Mode mode) {
        this(validationStreams, window, vocabulary, batch, mode, null);
    }

    /** @param keyTokens which ids are key tokens, so that validation windows open with their key as training's do */
    public Validator(List<int[]> validationStreams, int window, int vocabulary, int batch, TrainingSettings.Mode mode,
                     boolean[] keyTokens) {
        this.windows = new Windows(validationStreams, window, mode == TrainingSettings.Mode.MANY_TO_ONE ? 1 : window,
                vocabulary, mode, null, keyTokens);
        this.window = window;
        this.vocabulary = vocabulary;
        this.batch = batch;
    }

    public int windowCount() {
        return windows.size();
    }

    public Result evaluate(MultiLayerNetwork network) {
        List<Windows.Window> all = windows.windows();
        double sum = 0;
        long right = 0;
        long n = 0;
        for (int from = 0; from < all.size(); from += batch) {
            List<Windows.Window> part = all.subList(from, Math.min(all.size(), from + batch));
            DataSet ds = windows.batch(part);
            INDArray out = network.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
            float[] probs = out.dup('c').data().asFloat();
            float[] labels = ds.getLabels().data().asFloat();
            float[] mask = ds.getLabelsMaskArray() == null ? null : ds.getLabelsMaskArray().dup('c').data().asFloat();
            for (int i = 0; i < part.size(); i++) {
                for (int t = 0; t < part.get(i).length(); t++) {
                    if (mask != null && mask[i * window + t] == 0) continue; // no target at this step
                    int label = -1;
                    int best = 0;
                    float bestP = -1;
                    for (int v = 0; v < vocabulary; v++) {
                        int at = (i * vocabulary + v) * window + t;
                        if (labels[at] > 0) label = v;
                        if (probs[at] > bestP) {
                            bestP = probs[at];
                            best = v;
                        }
                    }
                    sum -= Math.log(Math.max(probs[(i * vocabulary + label) * window + t], FLOOR));
                    if (best == label) right++;
                    n++;
                }
            }
        }
        if (n == 0) return new Result(Double.NaN, 0, 0);
        return new Result(sum / n, right / (double) n, n);
    }
}
