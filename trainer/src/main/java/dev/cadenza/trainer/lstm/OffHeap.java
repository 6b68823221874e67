package dev.cadenza.trainer.lstm;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float matrix in native memory: an ND4J array (so that ND4J can copy whole arrays in and out with one call) and a
 * pointer to its first element for OpenBLAS and bulk copies. Each user keeps its own pointer object, because a
 * pointer's position is set before every call.
 */
final class OffHeap {
    final INDArray array;

    private OffHeap(INDArray array) {
        this.array = array;
    }

    /** A new {@code rows x columns} matrix, zeros; {@code order} 'c' (row-major) or 'f'. */
    static OffHeap matrix(long rows, long columns, char order) {
        return new OffHeap(Nd4j.create(DataType.FLOAT, new long[] {rows, columns}, order));
    }

    /** A fresh pointer to the first element (positions are per pointer object, so one per thread). */
    FloatPointer pointer() {
        return new FloatPointer(array.data().addressPointer());
    }

    /** Writes {@code values} into the first elements of {@code array}, a fresh c-order array. */
    static void put(INDArray array, float[] values) {
        new FloatPointer(array.data().addressPointer()).put(values, 0, values.length);
    }
}
