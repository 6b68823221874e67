package dev.cadenza.evaluation;

import java.util.Arrays;
import java.util.function.Function;

/**
 * One feature of {@link PieceFeatures} as a vector, so that every feature, scalar or histogram, is compared the same
 * way: by the Euclidean distance between two pieces' vectors (for a scalar, the absolute difference).
 */
public enum Feature {
    PITCH_COUNT("pitch count", f -> new double[] {f.pitchCount()}),
    PITCH_CLASS_HISTOGRAM("pitch-class histogram", PieceFeatures::pitchClassHistogram),
    PITCH_CLASS_TRANSITIONS("pitch-class transition matrix",
            f -> Arrays.stream(f.pitchClassTransitions()).flatMapToDouble(Arrays::stream).toArray()),
    PITCH_RANGE("pitch range", f -> new double[] {f.pitchRange()}),
    MEAN_INTERVAL("mean abs. pitch interval", f -> new double[] {f.meanAbsInterval()}),
    NOTES_PER_BAR("notes per bar", f -> new double[] {f.notesPerBar()}),
    MEAN_IOI("mean inter-onset interval", f -> new double[] {f.meanInterOnset()}),
    NOTE_LENGTH_HISTOGRAM("note-length histogram", PieceFeatures::noteLengthHistogram);

    private final String label;
    private final Function<PieceFeatures, double[]> vector;

    Feature(String label, Function<PieceFeatures, double[]> vector) {
        this.label = label;
        this.vector = vector;
    }

    /** A human-readable name for tables. */
    public String label() {
        return label;
    }

    /** The key used in JSON reports. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public double[] vector(PieceFeatures features) {
        return vector.apply(features);
    }

    public double distance(PieceFeatures a, PieceFeatures b) {
        double[] x = vector(a);
        double[] y = vector(b);
        double sum = 0;
        for (int i = 0; i < x.length; i++) sum += (x[i] - y[i]) * (x[i] - y[i]);
        return Math.sqrt(sum);
    }
}
