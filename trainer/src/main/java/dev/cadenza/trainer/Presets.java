package dev.cadenza.trainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cadenza.runtime.codec.ClassicEncoding;
import dev.cadenza.runtime.codec.Encodings;

/**
 * Named starting points for {@link TrainingSettings}. They are plain data; every value can be overridden on the
 * command line.
 */
public final class Presets {
    public static final String DEFAULT = "small";

    private static final Map<String, TrainingSettings> ALL = new LinkedHashMap<>();

    // Threads: 1 for `tutorial` (not measured with two) and `tiny` (tests). `small` and `classic` use 2: with the fused
    // LSTM (FusedLstmHelper) the input projections and weight gradients of all time steps are single large products,
    // which a second thread speeds up on an idle 2-core machine (1.2x for small, 1.6x for classic). On a busy machine
    // --threads 1 costs less CPU per token. See docs/training.md.

    static {
        // What `train` does by default: trains to a useful model on midi_songs/ in minutes on 2 CPU cores.
        // Batch 32 with Adam at 3e-3: of five whole runs (batch 32 to 128, rates 2e-3 to 8e-3), the one whose
        // validation loss was the lowest at every epoch up to its best, so a short run loses least. Batch 128 at 8e-3
        // (the shipped model) or 64 at 6e-3 end lower after 23-24 epochs at a similar wall time; docs/training.md.
        // Up to 60 epochs, stopping after 6 without improvement. Transposition is off: it did not lower the loss.
        TrainingSettings small = TrainingSettings.builder().corpus("midi_songs").encoding(Encodings.DEFAULT).preset("small")
                .embedding(64).layers(2).hidden(256).dense(0).dropout(0.25)
                .window(64).stride(64).batch(32)
                .updater("adam").learningRate(3e-3).clip(1.0)
                .epochs(60).patience(6).seed(42).transpose(0).validationShare(0.1)
                .threads(2).mode(TrainingSettings.Mode.MANY_TO_MANY).maxBatches(0).build();
        ALL.put("small", small);
        // The quick path for a first model on the whole midi_songs/ (where `small` takes hours): `small`'s network on 24
        // training pieces (taken in turn from each composer), at most 8 epochs, stopping after 3 without improvement;
        // about 10 minutes on 2 idle cores, validated on the same held-out pieces as every other run.
        ALL.put("quick", small.toBuilder().preset("quick").pieces(24).epochs(8).patience(3).build());
        // The tutorial's sizes: 3 x 512 LSTMs, dense 256, dropout 0.3, windows of 100, batch 64, RMSprop, 200 epochs;
        // the rest as small.
        TrainingSettings classic = small.toBuilder().preset("classic")
                .layers(3).hidden(512).dense(256).dropout(0.3)
                .window(100).stride(50).batch(64)
                .updater("rmsprop").learningRate(1e-3)
                .epochs(200).patience(10).build();
        ALL.put("classic", classic);
        // The tutorial's whole setup (docs/training.md compares it line by line): its tokens, its scaled scalar input,
        // windows of 100 with stride 1 and one target each, 3 x 512 LSTMs with its batch-normalised head, RMSprop with
        // Keras's defaults, batch 128, 200 epochs, no early stop and no clipping.
        ALL.put("tutorial", classic.toBuilder().encoding(ClassicEncoding.NAME).sustainPedal(false).preset("tutorial")
                .embedding(1).scaledInput(true).batchNorm(true)
                .stride(1).batch(128).clip(0).patience(0)
                .threads(1).mode(TrainingSettings.Mode.MANY_TO_ONE).build());
        // Tiny sizes for tests and smoke runs: seconds, not minutes.
        ALL.put("tiny", small.toBuilder().preset("tiny")
                .embedding(8).layers(1).hidden(16).dropout(0.0)
                .window(16).stride(16).batch(8)
                .learningRate(1e-2)
                .epochs(2).patience(0)
                .threads(1).build());
    }

    private Presets() {
    }

    public static TrainingSettings byName(String name) {
        TrainingSettings settings = ALL.get(name);
        if (settings == null) {
            throw new IllegalArgumentException("unknown preset '" + name + "' (choose from " + names() + ")");
        }
        return settings;
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }
}
