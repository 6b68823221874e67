package dev.cadenza.exporter;

/** A dense float matrix, row-major: the form in which weights travel from DL4J into ONNX initializers. */
record Matrix(int rows, int cols, float[] data) {
    Matrix {
        if (data.length != rows * cols) {
            throw new IllegalArgumentException(data.length + " values for a " + rows + " x " + cols + " matrix");
        }
    }

    static Matrix of(float[][] rowsOfValues) {
        int r = rowsOfValues.length;
        int c = r == 0 ? 0 : rowsOfValues[0].length;
        float[] data = new float[r * c];
        for (int i = 0; i < r; i++) System.arraycopy(rowsOfValues[i], 0, data, i * c, c);
        return new Matrix(r, c, data);
    }

    static Matrix row(float[] values) {
        return new Matrix(1, values.length, values.clone());
    }

    Matrix transpose() {
        float[] t = new float[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) t[j * rows + i] = data[i * cols + j];
        }
        return new Matrix(cols, rows, t);
    }

    /** The columns {@code [from, from + count)} as a new matrix. */
    Matrix columns(int from, int count) {
        float[] out = new float[rows * count];
        for (int i = 0; i < rows; i++) System.arraycopy(data, i * cols + from, out, i * count, count);
        return new Matrix(rows, count, out);
    }

    /** Side by side: every part must have this many rows. */
    static Matrix concatColumns(Matrix... parts) {
        int rows = parts[0].rows;
        int cols = 0;
        for (Matrix p : parts) {
            if (p.rows != rows) throw new IllegalArgumentException("row counts differ");
            cols += p.cols;
        }
        float[] out = new float[rows * cols];
        int at = 0;
        for (Matrix p : parts) {
            for (int i = 0; i < rows; i++) System.arraycopy(p.data, i * p.cols, out, i * cols + at, p.cols);
            at += p.cols;
        }
        return new Matrix(rows, cols, out);
    }

    long[] dims() {
        return new long[] {rows, cols};
    }
}
