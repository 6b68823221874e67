package dev.cadenza.cli.bench;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arithmetic limit: what one token costs in floating-point operations, and what this machine's matrix multiply
 * (OpenBLAS through ND4J, the same BLAS numpy uses) delivers per second.
 */
final class Roofline {
    private Roofline() {
    }

    /**
     * Multiply-adds count twice. Per LSTM layer: four gates over [input, hidden] -> hidden; then the dense layer and
     * the output projection. The embedding is a lookup, and the element-wise gate maths is a rounding error.
     */
    static long flopsPerToken(int embedding, int layers, int hidden, int dense, int vocabulary) {
        long flops = 0;
        int in = embedding;
        for (int l = 0; l < layers; l++) {
            flops += 2L * 4 * hidden * (in + hidden);
            in = hidden;
        }
        if (dense > 0) {
            flops += 2L * in * dense;
            in = dense;
        }
        flops += 2L * in * vocabulary;
        return flops;
    }

    /** Best FLOP/s of an n x n float matrix product over several runs, after warm-up (a ceiling: see OrtMatmulProbe). */
    static double measureMatmulFlops(int n, int repeat) {
        // Every core, whatever an earlier training session in this JVM set: the roofline is the whole machine's.
        int cores = Runtime.getRuntime().availableProcessors();
        Nd4j.getEnvironment().setMaxThreads(cores);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(cores);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.zeros(DataType.FLOAT, n, n);
        for (int i = 0; i < 3; i++) a.mmuli(b, c);
        double[] rates = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            long t = System.nanoTime();
            a.mmuli(b, c);
            double seconds = (System.nanoTime() - t) / 1e9;
            rates[r] = 2.0 * n * n * n / seconds;
        }
        return Arrays.stream(rates).max().orElseThrow();
    }
}
