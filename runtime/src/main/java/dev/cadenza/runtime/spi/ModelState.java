package dev.cadenza.runtime.spi;

import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.StepModel;

/**
 * The recurrent state a {@link StepModel} carries for a batch of rows, opaque to the generation loop: the loop only
 * counts rows, keeps some of them, and copies a row from one state into another. What a row holds (an LSTM's
 * {@code h} and {@code c}, or anything else) is the backend's business; a state only goes back to the model that made
 * it.
 */
public interface ModelState {
    /** How many rows (sequences) this state holds. */
    int rows();

    /** A new state holding the given rows of this one, in that order (used to shrink or reorder a batch). */
    ModelState select(int[] rows);

    /** Copies row {@code fromRow} of {@code from} (a state of the same model) into row {@code row} of this state. */
    void setRow(int row, ModelState from, int fromRow);
}
