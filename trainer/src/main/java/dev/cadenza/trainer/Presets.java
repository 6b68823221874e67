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
        ALL.put("small", new TrainingSettings("midi_songs", Encodings.DEFAULT, "small",
                64, 2, 256, 0, 0.25,
                64, 64, 32,
                "adam", 3e-3, 1.0,
                60, 6, 42L, 0, 0.1,
                2, TrainingSettings.Mode.MANY_TO_MANY, 0));
        // The tutorial's sizes: 3 x 512 LSTMs, dense 256, dropout 0.3, windows of 100, batch 64, RMSprop, 200 epochs.
        ALL.put("classic", new TrainingSettings("midi_songs", Encodings.DEFAULT, "classic",
                64, 3, 512, 256, 0.3,
                100, 50, 64,
                "rmsprop", 1e-3, 1.0,
                200, 10, 42L, 0, 0.1,
                2, TrainingSettings.Mode.MANY_TO_MANY, 0));
        // The tutorial's whole setup (docs/training.md compares it line by line): its tokens, its scaled scalar input,
        // windows of 100 with stride 1 and one target each, 3 x 512 LSTMs with its batch-normalised head, RMSprop with
        // Keras's defaults, batch 128, 200 epochs, no early stop and no clipping.
        ALL.put("tutorial", new TrainingSettings("midi_songs", ClassicEncoding.NAME, "tutorial",
                1, 3, 512, 256, 0.3,
                100, 1, 128,
                "rmsprop", 1e-3, 0,
                200, 0, 42L, 0, 0.1,
                1, TrainingSettings.Mode.MANY_TO_ONE, 0, true, true));
        // Tiny sizes for tests and smoke runs: seconds, not minutes.
        ALL.put("tiny", new TrainingSettings("midi_songs", Encodings.DEFAULT, "tiny",
                8, 1, 16, 0, 0.0,
                16, 16, 8,
                "adam", 1e-2, 1.0,
                2, 0, 42L, 0, 0.1,
                1, TrainingSettings.Mode.MANY_TO_MANY, 0));
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
