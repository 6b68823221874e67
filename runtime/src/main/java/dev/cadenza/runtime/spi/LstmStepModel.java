package dev.cadenza.runtime.spi;

import dev.cadenza.runtime.spi.LstmState;
import dev.cadenza.runtime.spi.LstmStepModel;
import dev.cadenza.runtime.spi.StepModel;

/**
 * A step model whose state is a stacked LSTM's ({@link LstmState}): every backend Cadenza ships. The loop sees only
 * {@link StepModel}; the shape is here for whoever needs it (the benchmark, a parity check).
 */
public interface LstmStepModel extends StepModel {
    /** LSTM layers. */
    int layers();

    /** Units per LSTM layer. */
    int hiddenSize();

    @Override
    default LstmState newState(int rows) {
        return new LstmState(layers(), rows, hiddenSize());
    }
}
