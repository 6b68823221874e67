package dev.cadenza.exporter;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The trained network's own answer, the reference every exported file is compared with. */
final class Dl4jProbs {
    private Dl4jProbs() {
    }

    /**
     * Runs whole windows from a zero state through {@code output()} (inference mode: no dropout).
     *
     * @param tokens row-major {@code [batch, steps]}
     * @return row-major {@code [batch, steps, vocab]} probabilities
     */
    static float[] whole(MultiLayerNetwork network, long[] tokens, int batch, int steps) {
        // EmbeddingSequenceLayer takes [batch, 1, steps]; the output comes back NCW: [batch, vocab, steps].
        INDArray input = Nd4j.create(toDoubles(tokens), new long[] {batch, 1, steps}, 'c');
        INDArray out = network.output(input, false);
        INDArray bsv = out.permute(0, 2, 1).castTo(DataType.FLOAT).dup('c');
        return bsv.data().asFloat();
    }

    private static double[] toDoubles(long[] tokens) {
        double[] d = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) d[i] = tokens[i];
        return d;
    }
}
