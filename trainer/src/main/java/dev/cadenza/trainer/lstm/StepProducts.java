package dev.cadenza.trainer.lstm;

/**
 * How the fused LSTM makes its per-step recurrent products ({@code h(t-1) RW} forward, {@code dz(t+1) RW^T} backward).
 * {@link #PACKED}: in Java ({@link PanelProduct}) on the recurrent weights laid out once per batch, the default when
 * the JVM has the Vector API. {@link #OPENBLAS}: one OpenBLAS call per step, which lays the whole weight matrix out
 * again every time; the default without the Vector API, where the Java product would be scalar and many times slower.
 * The two agree to float rounding (not to the bit).
 */
public enum StepProducts {
    PACKED, OPENBLAS;

    private static volatile StepProducts chosen = PanelProduct.best() instanceof ScalarPanelProduct ? OPENBLAS : PACKED;

    /** The way the next passes use. */
    public static StepProducts chosen() {
        return chosen;
    }

    /** For comparisons in one process (TrainingStepBench); the choice applies from the next forward pass on. */
    public static void choose(StepProducts way) {
        chosen = way;
    }
}
