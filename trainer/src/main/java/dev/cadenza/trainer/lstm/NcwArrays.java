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

    /** Per thread, the raw elements of a permuted array on their way to column-major order. */
    private static final ThreadLocal<float[]> RAW = ThreadLocal.withInitial(() -> new float[0]);

    /** All of {@code a} into {@code into}[0..length), column-major. */
    static void read(INDArray a, float[] into) {
        int n = Math.toIntExact(a.length());
        if (isDenseF(a)) {
            pointerAt(a).get(into, 0, n);
        } else if (a.rank() == 3 && isDense(a)) {
            // A dense block in another order, e.g. the gradient DL4J's RnnOutputLayer hands down (a permuted view of a
            // column-major [batch, steps, size] array): one bulk copy and a strided gather in Java, where ND4J's
            // permuting dup('f') took several milliseconds.
            float[] raw = RAW.get();
            if (raw.length < n) RAW.set(raw = new float[n]);
            pointerAt(a).get(raw, 0, n);
            long[] shape = a.shape(), stride = a.stride();
            int n0 = (int) shape[0], n1 = (int) shape[1], n2 = (int) shape[2];
            int s0 = (int) stride[0], s1 = (int) stride[1], s2 = (int) stride[2];
            for (int k = 0, out = 0; k < n2; k++) {
                for (int j = 0; j < n1; j++) {
                    int in = j * s1 + k * s2;
                    for (int i = 0; i < n0; i++) into[out++] = raw[in + i * s0];
                }
            }
        } else {
            pointerAt(a.dup('f')).get(into, 0, n);
        }
    }

    /** Whether {@code a}'s elements fill one block of memory from its offset, in whatever order of dimensions. */
    static boolean isDense(INDArray a) {
        long[] shape = a.shape(), stride = a.stride();
        int rank = shape.length;
        boolean[] used = new boolean[rank];
        long expected = 1;
        for (int found = 0; found < rank; found++) {
            // the dimension whose stride is the block size so far (size-1 dimensions fit anywhere)
            int next = -1;
            for (int d = 0; d < rank && next < 0; d++) {
                if (!used[d] && shape[d] != 1 && stride[d] == expected) next = d;
            }
            if (next < 0) {
                for (int d = 0; d < rank && next < 0; d++) if (!used[d] && shape[d] == 1) next = d;
                if (next < 0) return false;
            }
            used[next] = true;
            expected *= shape[next];
        }
        return true;
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
