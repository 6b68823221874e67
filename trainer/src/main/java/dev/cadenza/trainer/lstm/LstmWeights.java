package dev.cadenza.trainer.lstm;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer's weights as the lanes multiply with them, copied from DL4J's parameter views before every forward pass
 * (three small copies): the input and recurrent weights in column-major order, i.e. their transposes row-major, and the
 * bias in a Java array for the elementwise pass.
 */
final class LstmWeights {
    final OffHeap input;     // W  [nIn, 4H] 'f'
    final OffHeap recurrent; // RW [H, 4H] 'f'
    final float[] bias;

    LstmWeights(int nIn, int hidden) {
        input = OffHeap.matrix(nIn, 4L * hidden, 'f');
        recurrent = OffHeap.matrix(hidden, 4L * hidden, 'f');
        bias = new float[4 * hidden];
    }

    void load(INDArray w, INDArray rw, INDArray b) {
        input.array.assign(w);
        recurrent.array.assign(rw);
        float[] values = b.toFloatVector();
        System.arraycopy(values, 0, bias, 0, bias.length);
    }
}
