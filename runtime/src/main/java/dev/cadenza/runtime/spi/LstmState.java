package dev.cadenza.runtime.spi;

import dev.cadenza.runtime.spi.LstmState;
import dev.cadenza.runtime.spi.ModelState;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The recurrent state of a stacked LSTM for a batch: hidden {@code h} and cell {@code c}, each laid out as
 * {@code [layers, batch, hidden]} in row-major order. The buffers are direct and native-ordered so that a native
 * backend can read them without a copy. The state of every LSTM backend (ONNX Runtime, DL4J, SameDiff).
 */
public final class LstmState implements ModelState {
    private final int layers;
    private final int batch;
    private final int hidden;
    private final FloatBuffer h;
    private final FloatBuffer c;

    public LstmState(int layers, int batch, int hidden) {
        if (layers < 1 || batch < 1 || hidden < 1) {
            throw new IllegalArgumentException("layers, batch and hidden must be positive");
        }
        this.layers = layers;
        this.batch = batch;
        this.hidden = hidden;
        this.h = allocate(layers * batch * hidden);
        this.c = allocate(layers * batch * hidden);
    }

    static FloatBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public int layers() {
        return layers;
    }

    public int batch() {
        return batch;
    }

    @Override
    public int rows() {
        return batch;
    }

    public int hidden() {
        return hidden;
    }

    /** Hidden state, {@code [layers, batch, hidden]}; position and limit are not used. */
    public FloatBuffer h() {
        return h;
    }

    /** Cell state, {@code [layers, batch, hidden]}; position and limit are not used. */
    public FloatBuffer c() {
        return c;
    }

    public int size() {
        return layers * batch * hidden;
    }

    /** Sets every value to zero: the state a piece starts from. */
    public void reset() {
        for (int i = 0, n = size(); i < n; i++) {
            h.put(i, 0f);
            c.put(i, 0f);
        }
    }

    public void copyFrom(LstmState other) {
        if (other.layers != layers || other.batch != batch || other.hidden != hidden) {
            throw new IllegalArgumentException("state shapes differ");
        }
        for (int i = 0, n = size(); i < n; i++) {
            h.put(i, other.h.get(i));
            c.put(i, other.c.get(i));
        }
    }

    /** A new state holding only the given batch rows of this one, in that order (for shrinking a batch). */
    @Override
    public LstmState select(int[] rows) {
        LstmState out = new LstmState(layers, rows.length, hidden);
        for (int l = 0; l < layers; l++) {
            for (int r = 0; r < rows.length; r++) {
                int from = (l * batch + rows[r]) * hidden;
                int to = (l * rows.length + r) * hidden;
                for (int k = 0; k < hidden; k++) {
                    out.h.put(to + k, h.get(from + k));
                    out.c.put(to + k, c.get(from + k));
                }
            }
        }
        return out;
    }

    /** Copies row {@code fromRow} of {@code from} into row {@code row} of this state, in every layer. */
    @Override
    public void setRow(int row, ModelState other, int fromRow) {
        LstmState from = (LstmState) other;
        if (from.layers != layers || from.hidden != hidden) throw new IllegalArgumentException("state shapes differ");
        for (int l = 0; l < layers; l++) {
            int src = (l * from.batch + fromRow) * hidden;
            int dst = (l * batch + row) * hidden;
            h.put(dst, from.h, src, hidden);
            c.put(dst, from.c, src, hidden);
        }
    }
}
