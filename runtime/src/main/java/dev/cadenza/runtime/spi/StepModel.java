package dev.cadenza.runtime.spi;

import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.generate.StepModels;

import dev.cadenza.runtime.spi.BackendSpec;
import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;

import java.util.Optional;

import dev.cadenza.runtime.model.ModelMetadata;

/**
 * A recurrent language model over token ids, run a few steps at a time: state in, tokens in, probabilities and state
 * out. Every backend (ONNX Runtime, DL4J, SameDiff) implements this, so one generation loop and one benchmark serve
 * them all. The state is opaque ({@link ModelState}): the loop never looks inside, so a backend that is not an LSTM
 * can plug in. Open one by name with {@link StepModels#open(BackendSpec)}.
 *
 * <p>Not thread-safe: use one instance per thread. Close it to free native memory.
 */
public interface StepModel extends AutoCloseable {
    /** Number of tokens the model predicts over. */
    int vocabularySize();

    /** A zero state for {@code rows} rows: the state every piece starts from. */
    ModelState newState(int rows);

    /**
     * Feeds {@code steps} tokens to each of {@code state.rows()} rows, starting from {@code state} and leaving the
     * state after the last step in it.
     *
     * @param tokens row-major {@code [rows, steps]} token ids
     * @param state  a state made by this model's {@link #newState}
     * @param probs  receives row-major {@code [rows, steps, vocabulary]} next-token probabilities; its length must be
     *               at least {@code rows * steps * vocabularySize()}
     */
    void run(long[] tokens, int steps, ModelState state, float[] probs);

    /** A short name for reports, such as {@code ort-cpu} or {@code dl4j}. */
    String backendName();

    /** Where the model runs (never {@link Device#AUTO}: what auto chose). */
    default Device device() {
        return Device.CPU;
    }

    /**
     * Why the model runs on another device than was asked ({@code auto} that could not load CUDA), for a note to the
     * user; empty when it runs where asked.
     */
    default Optional<String> fallbackReason() {
        return Optional.empty();
    }

    /** The model's metadata (vocabulary, tempo, shape) when the backend read it from a model file; else empty. */
    default Optional<ModelMetadata> modelMetadata() {
        return Optional.empty();
    }

    @Override
    void close();
}
