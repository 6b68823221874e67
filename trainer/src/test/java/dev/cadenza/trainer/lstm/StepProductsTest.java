package dev.cadenza.trainer.lstm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two ways of making the per-step recurrent products (Java on packed weights; OpenBLAS per step, the path without
 * the Vector API) train the same function: equal outputs and gradients up to float rounding, with one lane and two.
 */
class StepProductsTest {
    private final StepProducts before = StepProducts.chosen();

    @AfterEach
    void restore() {
        StepProducts.choose(before);
    }

    @Test
    void packedAndOpenBlasStepsGiveTheSameForwardAndBackwardPass() {
        int batch = 5, nIn = 6, steps = 9, hidden = 40; // 4H = 160: five whole panels; H = 40: one whole and a part
        Nd4j.getRandom().setSeed(12);
        INDArray input = Nd4j.randn(DataType.FLOAT, batch, nIn, steps).dup('f');
        INDArray w = Nd4j.randn(DataType.FLOAT, nIn, 4L * hidden).muli(0.3);
        INDArray rw = Nd4j.randn(DataType.FLOAT, hidden, 4L * hidden).muli(0.3);
        INDArray b = Nd4j.randn(DataType.FLOAT, 1, 4L * hidden).muli(0.3);
        INDArray epsilon = Nd4j.randn(DataType.FLOAT, batch, hidden, steps).dup('f');
        for (int lanes : new int[] {1, 2}) {
            INDArray[] packed = pass(StepProducts.PACKED, lanes, input, w, rw, b, epsilon);
            INDArray[] openBlas = pass(StepProducts.OPENBLAS, lanes, input, w, rw, b, epsilon);
            String[] names = {"output", "input-weight gradient", "recurrent-weight gradient", "bias gradient", "input gradient"};
            for (int i = 0; i < names.length; i++) {
                double scale = Math.max(1, openBlas[i].amaxNumber().doubleValue());
                double difference = packed[i].sub(openBlas[i]).amaxNumber().doubleValue();
                assertTrue(difference < 1e-5 * scale, lanes + " lanes, " + names[i] + ": largest difference " + difference);
                assertTrue(openBlas[i].amaxNumber().doubleValue() > 0, names[i] + " is all zeros");
            }
        }
    }

    private static INDArray[] pass(StepProducts way, int lanes, INDArray input, INDArray w, INDArray rw, INDArray b,
                                   INDArray epsilon) {
        StepProducts.choose(way);
        int batch = (int) input.size(0), nIn = (int) input.size(1), steps = (int) input.size(2), hidden = (int) rw.size(0);
        FusedLstm lstm = new FusedLstm(batch, nIn, steps, hidden, lanes);
        INDArray output = Nd4j.create(DataType.FLOAT, new long[] {batch, hidden, steps}, 'f');
        lstm.forward(input, w, rw, b, null, null, output);
        INDArray gW = Nd4j.create(DataType.FLOAT, w.shape(), 'f'), gRW = Nd4j.create(DataType.FLOAT, rw.shape(), 'f');
        INDArray gB = Nd4j.create(DataType.FLOAT, b.shape(), 'f');
        INDArray inputGrad = Nd4j.create(DataType.FLOAT, new long[] {batch, nIn, steps}, 'f');
        lstm.backward(epsilon, gW, gRW, gB, inputGrad);
        return new INDArray[] {output, gW, gRW, gB, inputGrad};
    }
}
