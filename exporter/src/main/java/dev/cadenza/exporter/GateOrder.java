package dev.cadenza.exporter;

/**
 * DL4J's LSTM stores its four gates as column blocks in the order cell candidate, forget, output, input; ONNX wants
 * input, output, forget, cell. ONNX block k is DL4J block {@code DL4J_BLOCK_FOR_ONNX[k]}. This was found by a parity
 * probe (every other permutation is off by 1e-2) and is re-proved by every export's parity check.
 */
final class GateOrder {
    static final int[] DL4J_BLOCK_FOR_ONNX = {3, 2, 1, 0};

    private GateOrder() {
    }

    /** Reorders the four column blocks of a {@code [rows, 4H]} DL4J matrix into ONNX's order (i, o, f, c). */
    static Matrix toOnnx(Matrix dl4j) {
        if (dl4j.cols() % 4 != 0) throw new IllegalArgumentException("gate matrix has " + dl4j.cols() + " columns, not 4H");
        int h = dl4j.cols() / 4;
        Matrix[] blocks = new Matrix[4];
        for (int k = 0; k < 4; k++) blocks[k] = dl4j.columns(DL4J_BLOCK_FOR_ONNX[k] * h, h);
        return Matrix.concatColumns(blocks);
    }

    /** The inverse of {@link #toOnnx}: ONNX's (i, o, f, c) blocks back into DL4J's order (the permutation is its own inverse). */
    static Matrix toDl4j(Matrix onnx) {
        return toOnnx(onnx);
    }
}
