package dev.cadenza.trainer.lstm;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer's weights as the lanes multiply with them, copied from DL4J's parameter views before every forward pass
 * (three small copies): the input and recurrent weights in column-major order, i.e. their transposes row-major, and the
 * bias in a Java array for the elementwise pass. The recurrent weights are also laid out for the per-step products,
 * {@code RW} for the forward pass and {@code RW^T} for backprop, once per batch (they do not change within one).
 */
final class LstmWeights {
    final OffHeap input;     // W  [nIn, 4H] 'f'
    final OffHeap recurrent; // RW [H, 4H] 'f'
    final float[] bias;
    final PackedMatrix forwardRecurrent;  // RW   [H, 4H]
    final PackedMatrix backwardRecurrent; // RW^T [4H, H]
    private final float[] transposed;     // RW^T row-major, on its way to the two layouts
    private boolean packed;               // whether this batch's passes use the two layouts

    LstmWeights(int nIn, int hidden) {
        input = OffHeap.matrix(nIn, 4L * hidden, 'f');
        recurrent = OffHeap.matrix(hidden, 4L * hidden, 'f');
        bias = new float[4 * hidden];
        forwardRecurrent = new PackedMatrix(hidden, 4 * hidden);
        backwardRecurrent = new PackedMatrix(4 * hidden, hidden);
        transposed = new float[4 * hidden * hidden];
    }

    void load(INDArray w, INDArray rw, INDArray b) {
        input.array.assign(w);
        recurrent.array.assign(rw);
        float[] values = b.toFloatVector();
        System.arraycopy(values, 0, bias, 0, bias.length);
        packed = StepProducts.chosen() == StepProducts.PACKED;
        if (packed) {
            recurrent.pointer().get(transposed, 0, transposed.length);
            forwardRecurrent.pack(transposed, true);
            backwardRecurrent.pack(transposed, false);
        }
    }

    /** Whether the last {@link #load} laid the recurrent weights out for {@link PanelProduct}. */
    boolean packed() {
        return packed;
    }
}
