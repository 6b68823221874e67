package dev.cadenza.runtime.generate;

/**
 * A recurrent language model over token ids, run a few steps at a time: state in, tokens in, probabilities and state
 * out. Every backend (ONNX Runtime, DL4J, SameDiff) implements this, so one generation loop and one benchmark serve
 * them all.
 *
 * <p>Not thread-safe: use one instance per thread. Close it to free native memory.
 */
public interface StepModel extends AutoCloseable {
    /** Number of tokens the model predicts over. */
    int vocabularySize();

    int layers();

    int hiddenSize();

    /** A zero state for {@code batch} rows, shaped for this model. */
    default LstmState newState(int batch) {
        return new LstmState(layers(), batch, hiddenSize());
    }

    /**
     * Feeds {@code steps} tokens to each of {@code state.batch()} rows, starting from {@code state} and leaving the
     * state after the last step in it.
     *
     * @param tokens row-major {@code [batch, steps]} token ids
     * @param probs  receives row-major {@code [batch, steps, vocabulary]} next-token probabilities; its length must be
     *               at least {@code batch * steps * vocabularySize()}
     */
    void run(long[] tokens, int steps, LstmState state, float[] probs);

    /** A short name for reports, such as {@code ort-cpu} or {@code dl4j}. */
    String backendName();

    @Override
    void close();
}
