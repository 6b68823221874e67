package dev.cadenza.runtime.model;

import java.util.Arrays;

/**
 * Which graph a Cadenza {@code .onnx} file holds, as {@code cadenza.variant} names it. Every variant has the same
 * ports ({@link ModelSignature}); they differ in how many steps one call may take and in how the weights are stored
 * ({@link ModelShapes}). A new variant (an int8 graph, another network) is one constant here plus its weight layout.
 */
public enum ModelVariant {
    /** The ONNX LSTM operator: any number of steps per call (what generation uses). */
    LSTM("lstm", 0),
    /** The cell in primitive operators, exactly one step per call (for runtimes without an LSTM operator). */
    PORTABLE("portable", 1);

    private final String id;
    private final int stepsPerCall;

    ModelVariant(String id, int stepsPerCall) {
        this.id = id;
        this.stepsPerCall = stepsPerCall;
    }

    /** The name stored in the file's metadata. */
    public String id() {
        return id;
    }

    /** Steps one call may take: 0 for any number. */
    public int stepsPerCall() {
        return stepsPerCall;
    }

    /** @throws IllegalArgumentException naming the unknown variant and the known ones */
    public static ModelVariant fromId(String id) {
        for (ModelVariant v : values()) {
            if (v.id.equals(id)) return v;
        }
        throw new IllegalArgumentException("unknown model variant '" + id + "' (known: "
                + Arrays.stream(values()).map(ModelVariant::id).toList() + ")");
    }

    /** The stored name, so that messages and reports read {@code lstm}, not {@code LSTM}. */
    @Override
    public String toString() {
        return id;
    }
}
