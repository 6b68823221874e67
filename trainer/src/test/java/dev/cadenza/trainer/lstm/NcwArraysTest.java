package dev.cadenza.trainer.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** DL4J's arrays in whatever memory order they come, read into the column-major order the fused LSTM takes. */
class NcwArraysTest {
    @Test
    void readsEveryLayoutDl4jHandsAsColumnMajor() {
        INDArray values = Nd4j.rand(DataType.FLOAT, 5, 3, 7); // [batch, size, steps]
        float[] expected = values.dup('f').data().asFloat();
        // what DL4J's RnnOutputLayer hands down: a permuted view of a column-major [batch, steps, size] array
        INDArray permuted = values.permute(0, 2, 1).dup('f').permute(0, 2, 1);
        List<INDArray> layouts = List.of(values.dup('f'), values.dup('c'), permuted, values.permute(2, 1, 0).dup('c').permute(2, 1, 0));
        for (INDArray a : layouts) {
            float[] into = new float[expected.length];
            NcwArrays.read(a, into);
            assertArrayEquals(expected, into, "strides " + java.util.Arrays.toString(a.stride()));
        }
        assertFalse(NcwArrays.isDenseF(permuted));
        assertTrue(NcwArrays.isDense(permuted));
        // a view of part of an array is not one block: it goes through ND4J's copy, with the same result
        INDArray part = Nd4j.rand(DataType.FLOAT, 5, 4, 7).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3), NDArrayIndex.all());
        assertFalse(NcwArrays.isDense(part));
        float[] into = new float[expected.length];
        NcwArrays.read(part, into);
        assertArrayEquals(part.dup('f').data().asFloat(), into);
    }
}
