package dev.cadenza.exporter;

/**
 * Symmetric per-column quantisation of a weight matrix, the form ONNX Runtime's {@code DynamicQuantizeLSTM} and
 * {@code DynamicQuantizeMatMul} take: column j is stored as {@code round(w / scale[j])} in int8 with zero point 0,
 * where {@code scale[j] = max|w[., j]| / levels}. One scale per output unit (per gate unit, for the LSTM) keeps a
 * unit with small weights from losing them to a neighbour's large ones. ONNX Runtime quantises the activations on
 * the fly (uint8, per call), which is why the format is called dynamic.
 *
 * @param levels the largest stored magnitude: 127 for int8; smaller values give coarser weights (tests use them
 *               to prove that the exporter's quality check refuses a bad quantisation)
 */
record Int8Quantizer(int levels) {
    static final Int8Quantizer INT8 = new Int8Quantizer(127);

    Int8Quantizer {
        if (levels < 1 || levels > 127) throw new IllegalArgumentException("levels must be 1..127, not " + levels);
    }

    /** A quantised {@code [rows, cols]} matrix: row-major int8 values and one scale per column. */
    record Quantized(int rows, int cols, byte[] values, float[] scales) {
        /** The zero points: all 0 (symmetric), one per column. */
        byte[] zeroPoints() {
            return new byte[cols];
        }

        /** What the quantised matrix stands for, to measure the rounding error. */
        Matrix dequantized() {
            float[] out = new float[values.length];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) out[i * cols + j] = values[i * cols + j] * scales[j];
            }
            return new Matrix(rows, cols, out);
        }
    }

    Quantized perColumn(Matrix m) {
        int rows = m.rows();
        int cols = m.cols();
        float[] data = m.data();
        float[] scales = new float[cols];
        for (int j = 0; j < cols; j++) {
            float max = 0;
            for (int i = 0; i < rows; i++) max = Math.max(max, Math.abs(data[i * cols + j]));
            // an all-zero column still needs a positive scale; its values are 0 whatever the scale
            scales[j] = max > 0 ? max / levels : 1f;
        }
        byte[] values = new byte[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                long q = Math.round(data[i * cols + j] / scales[j]);
                values[i * cols + j] = (byte) Math.max(-levels, Math.min(levels, q));
            }
        }
        return new Quantized(rows, cols, values, scales);
    }
}
