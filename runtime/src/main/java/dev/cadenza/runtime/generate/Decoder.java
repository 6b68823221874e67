package dev.cadenza.runtime.generate;

import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;

import java.util.List;

/**
 * A way of turning primers into pieces with a step model: {@link SamplingDecoder} samples every row in lockstep; a
 * beam search would be another implementation driving the same {@link DecodeBatch} and {@link ModelState} operations.
 */
public interface Decoder {
    /**
     * Grows every row to its end or its limit.
     *
     * @return one piece per row, in the order of {@code rows}
     */
    List<GeneratedPiece> decode(StepModel model, List<RowRequest> rows, GenerationListener listener);
}
