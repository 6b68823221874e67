package dev.cadenza.trainer.lstm;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's recurrent arrays {@code [batch, size, steps]} in and out of Java arrays in column-major order (the batch index
 * fastest, the layout DL4J gives them), with one bulk copy each, and each lane's examples to and from its time-major
 * rows in plain Java loops. ND4J's permuting assign did the same at about 10 ms a call, 8 % of a batch.
 */
final class NcwArrays {
    private NcwArrays() {
    }

    /** All of {@code a} into {@code into}[0..length), column-major. */
    static void read(INDArray a, float[] into) {
        INDArray dense = isDenseF(a) ? a : a.dup('f');
        pointerAt(dense).get(into, 0, Math.toIntExact(dense.length()));
    }

    /** {@code from}[0..length) into all of {@code a}, column-major; {@code a} must be a dense column-major array. */
    static void write(float[] from, INDArray a) {
        if (!isDenseF(a)) throw new IllegalArgumentException("not a dense column-major array: " + a.shapeInfoToString());
        pointerAt(a).put(from, 0, Math.toIntExact(a.length()));
    }

    static boolean isDenseF(INDArray a) {
        long[] shape = a.shape(), stride = a.stride();
        long expected = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1 && stride[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    private static FloatPointer pointerAt(INDArray a) {
        return new FloatPointer(a.data().addressPointer()).position(a.offset());
    }

    /**
     * Examples {@code first..first+rows} of a column-major {@code [batch, size, steps]} array into time-major rows:
     * {@code rowsOut[(t*rows + i)*size + c] = ncw(first + i, c, t)}.
     */
    static void toTimeMajor(float[] ncw, int batch, int size, int steps, int first, int rows, float[] rowsOut) {
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < rows; i++) {
                int out = (t * rows + i) * size, in = (first + i) + batch * size * t;
                for (int c = 0; c < size; c++) rowsOut[out + c] = ncw[in + batch * c];
            }
        }
    }

    /** The inverse of {@link #toTimeMajor}: time-major rows (starting at {@code rowsFrom}) into the lane's examples. */
    static void fromTimeMajor(float[] rows, int rowsFrom, int batch, int size, int steps, int first, int count, float[] ncw) {
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < count; i++) {
                int in = rowsFrom + (t * count + i) * size, out = (first + i) + batch * size * t;
                for (int c = 0; c < size; c++) ncw[out + batch * c] = rows[in + c];
            }
        }
    }
}
