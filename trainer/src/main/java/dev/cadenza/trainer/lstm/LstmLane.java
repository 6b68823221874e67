package dev.cadenza.trainer.lstm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * One lane's share of a fused LSTM layer: a contiguous block of the batch's examples, with buffers of its own, so
 * that lanes can run on different threads without touching each other's memory. Native buffers (what OpenBLAS
 * multiplies) are time-major, row {@code t*rows + i} being example i at step t, so a step's rows are one block; the
 * values only the elementwise pass reads (activations, cells) live in Java arrays, where the Vector API reaches them.
 *
 * <p>The input projection of all steps is one OpenBLAS product before the loop, copied out to Java once. Per step
 * forward: {@link PanelProduct} adds {@code h(t-1) RW} to the step's gate rows in Java, with {@code RW} laid out once
 * per batch ({@link LstmWeights}), and {@link GateMath} does the whole elementwise step in one pass. Per step backward:
 * one product adds {@code dz(t+1) RW^T} to the output gradient, one pass computes the gates' gradients. After the loop
 * the gate gradients go to native memory in one copy and three OpenBLAS products give the weight gradients of this
 * lane and the input gradient.
 */
final class LstmLane {
    final int first, rows, steps, nIn, hidden;
    // native, time-major
    final OffHeap x;        // [T*rows, nIn]    the input
    final OffHeap gates;    // [T*rows, 4H]     pre-activations in the forward pass, their gradients dz in backprop
    final OffHeap outputs;  // [(T+1)*rows, H]  h(-1), h(0) .. h(T-1)
    final OffHeap inGrad;   // [T*rows, nIn]    dL/dx
    final OffHeap wGrad;    // [nIn, 4H] 'f' (row-major [4H, nIn]): this lane's input-weight gradient
    final OffHeap rwGrad;   // [H, 4H] 'f': this lane's recurrent-weight gradient
    final OffHeap stepGrad; // [rows, H]        one step's dL/dh(t), for OpenBLAS's per-step product
    // Java heap
    final float[] act;      // [T*rows*4H] gate activations a, f, o, g
    final float[] dz;       // [T*rows*4H] their pre-activations' gradients
    final float[] dh;       // [T*rows*H]  the gradient from above, plus what step t+1 sends back: dL/dh(t)
    final float[] cells;    // [(T+1)*rows*H] c(-1), c(0) .. c(T-1)
    final float[] cellTanh; // [T*rows*H]
    final float[] hs;       // [(T+1)*rows*H] h(-1), h(0) .. h(T-1), as in outputs
    final float[] scratch;  // [T*rows*max(nIn, H)] time-major rows on their way in or out
    final float[] cellGrad, biasGrad;
    private final FloatPointer px, pGates, pOutputs, pInGrad, pWGrad, pRwGrad, pStepGrad;
    private final GateMath math;
    private final PanelProduct product = PanelProduct.best();
    boolean startsFromZero;
    long stepProductNanos, productNanos, gateNanos, copyNanos;

    LstmLane(int first, int rows, int steps, int nIn, int hidden, GateMath math) {
        this.first = first;
        this.rows = rows;
        this.steps = steps;
        this.nIn = nIn;
        this.hidden = hidden;
        this.math = math;
        long n = (long) steps * rows;
        x = OffHeap.matrix(n, nIn, 'c');
        gates = OffHeap.matrix(n, 4L * hidden, 'c');
        outputs = OffHeap.matrix(n + rows, hidden, 'c');
        inGrad = OffHeap.matrix(n, nIn, 'c');
        wGrad = OffHeap.matrix(nIn, 4L * hidden, 'f');
        rwGrad = OffHeap.matrix(hidden, 4L * hidden, 'f');
        stepGrad = OffHeap.matrix(rows, hidden, 'c');
        act = new float[Math.toIntExact(n * 4 * hidden)];
        dz = new float[act.length];
        dh = new float[Math.toIntExact(n * hidden)];
        cells = new float[Math.toIntExact((n + rows) * hidden)];
        cellTanh = new float[Math.toIntExact(n * hidden)];
        hs = new float[Math.toIntExact((n + rows) * hidden)];
        scratch = new float[Math.toIntExact(n * Math.max(nIn, hidden))];
        cellGrad = new float[rows * hidden];
        biasGrad = new float[4 * hidden];
        px = x.pointer();
        pGates = gates.pointer();
        pOutputs = outputs.pointer();
        pInGrad = inGrad.pointer();
        pWGrad = wGrad.pointer();
        pRwGrad = rwGrad.pointer();
        pStepGrad = stepGrad.pointer();
    }

    long bytes() {
        return 4L * (x.array.length() + gates.array.length() + outputs.array.length() + inGrad.array.length()
                + wGrad.array.length() + rwGrad.array.length() + stepGrad.array.length() + act.length + dz.length + dh.length + cells.length
                + cellTanh.length + hs.length + scratch.length + cellGrad.length + biasGrad.length);
    }

    /**
     * This lane's examples of the whole batch's input {@code ncw} (column-major {@code [batch, nIn, T]}) and the
     * starting state: {@code h0}, {@code c0} column-major {@code [batch, H]}, null for zeros.
     */
    void load(float[] ncw, int batch, float[] h0, float[] c0) {
        long t0 = System.nanoTime();
        NcwArrays.toTimeMajor(ncw, batch, nIn, steps, first, rows, scratch);
        px.position(0).put(scratch, 0, steps * rows * nIn);
        startsFromZero = h0 == null;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < hidden; j++) {
                hs[i * hidden + j] = h0 == null ? 0f : h0[first + i + batch * j];
                cells[i * hidden + j] = c0 == null ? 0f : c0[first + i + batch * j];
            }
        }
        copyNanos += System.nanoTime() - t0;
    }

    /** This lane's outputs h(0..T-1) into the batch's column-major {@code [batch, H, T]} array. */
    void storeOutput(float[] ncw, int batch) {
        long t0 = System.nanoTime();
        NcwArrays.fromTimeMajor(hs, rows * hidden, batch, hidden, steps, first, rows, ncw);
        copyNanos += System.nanoTime() - t0;
    }

    /** This lane's examples of the gradient arriving from above, column-major {@code [batch, H, T]}. */
    void loadGradient(float[] ncw, int batch) {
        long t0 = System.nanoTime();
        NcwArrays.toTimeMajor(ncw, batch, hidden, steps, first, rows, dh);
        copyNanos += System.nanoTime() - t0;
    }

    /** This lane's input gradient into the batch's column-major {@code [batch, nIn, T]} array. */
    void storeInputGradient(float[] ncw, int batch) {
        long t0 = System.nanoTime();
        pInGrad.position(0).get(scratch, 0, steps * rows * nIn);
        NcwArrays.fromTimeMajor(scratch, 0, batch, nIn, steps, first, rows, ncw);
        copyNanos += System.nanoTime() - t0;
    }

    /** The forward pass over all steps, after {@link #load}. */
    void forward(LstmWeights w) {
        FloatPointer pw = w.input.pointer(), prw = w.recurrent.pointer();
        boolean packed = w.packed();
        int g4 = 4 * hidden;
        long t0 = System.nanoTime();
        // all steps' input projections at once: [T*rows, nIn] x W (W^T is stored row-major)
        Sgemm.product(false, true, steps * rows, g4, nIn, px, 0, nIn, pw, 0, nIn, 0f, pGates, 0, g4);
        long t1 = System.nanoTime();
        pGates.position(0).get(act, 0, steps * rows * g4);
        long t2 = System.nanoTime();
        long stepProducts = 0, gateTime = 0, copies = t2 - t1;
        for (int t = 0; t < steps; t++) {
            long a = System.nanoTime();
            if ((t > 0 || !startsFromZero) && packed) {
                product.multiplyAdd(rows, hs, t * rows * hidden, hidden, w.forwardRecurrent, act, t * rows * g4, g4);
            } else if (t > 0 || !startsFromZero) {
                // the step's gate rows in pGates still hold the input projection alone
                pOutputs.position((long) t * rows * hidden).put(hs, t * rows * hidden, rows * hidden);
                Sgemm.product(false, true, rows, g4, hidden, pOutputs, (long) t * rows * hidden, hidden, prw, 0, hidden,
                        1f, pGates, (long) t * rows * g4, g4);
                pGates.position((long) t * rows * g4).get(act, t * rows * g4, rows * g4);
            }
            long b = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                int r = t * rows + i;
                math.forward(act, r * g4, w.bias, cells, r * hidden, cells, (r + rows) * hidden, cellTanh, r * hidden,
                        hs, (r + rows) * hidden, hidden);
            }
            long c = System.nanoTime();
            stepProducts += b - a;
            gateTime += c - b;
        }
        long e = System.nanoTime();
        // h(-1) .. h(T-1) for the recurrent-weight gradient
        pOutputs.position(0).put(hs, 0, (steps + 1) * rows * hidden);
        stepProductNanos += stepProducts;
        productNanos += t1 - t0;
        gateNanos += gateTime;
        copyNanos += copies + System.nanoTime() - e;
    }

    /**
     * Backprop through all steps, after {@link #loadGradient}. Leaves this lane's weight gradients
     * in {@link #wGrad}, {@link #rwGrad}, {@link #biasGrad} and the input gradient in {@link #inGrad}.
     */
    void backward(LstmWeights w) {
        FloatPointer pw = w.input.pointer(), prw = w.recurrent.pointer();
        boolean packed = w.packed();
        int g4 = 4 * hidden;
        java.util.Arrays.fill(cellGrad, 0f);
        java.util.Arrays.fill(biasGrad, 0f);
        long stepProducts = 0, gateTime = 0;
        for (int t = steps - 1; t >= 0; t--) {
            long a = System.nanoTime();
            // dL/dh(t) += dz(t+1) RW^T
            if (t < steps - 1 && packed) {
                product.multiplyAdd(rows, dz, (t + 1) * rows * g4, g4, w.backwardRecurrent, dh, t * rows * hidden, hidden);
            } else if (t < steps - 1) {
                long at = (long) (t + 1) * rows * g4;
                pGates.position(at).put(dz, (t + 1) * rows * g4, rows * g4);
                pStepGrad.position(0).put(dh, t * rows * hidden, rows * hidden);
                Sgemm.product(false, false, rows, hidden, g4, pGates, at, g4, prw, 0, hidden, 1f, pStepGrad, 0, hidden);
                pStepGrad.position(0).get(dh, t * rows * hidden, rows * hidden);
            }
            long b = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                int r = t * rows + i;
                math.backward(dh, r * hidden, act, r * g4, cells, r * hidden, cellTanh, r * hidden, cellGrad,
                        i * hidden, dz, r * g4, biasGrad, hidden);
            }
            long c = System.nanoTime();
            stepProducts += b - a;
            gateTime += c - b;
        }
        long t0 = System.nanoTime();
        int n = steps * rows;
        pGates.position(0).put(dz, 0, n * g4);
        long t1 = System.nanoTime();
        Sgemm.product(true, false, g4, nIn, n, pGates, 0, g4, px, 0, nIn, 0f, pWGrad, 0, nIn);          // dz^T x
        Sgemm.product(true, false, g4, hidden, n, pGates, 0, g4, pOutputs, 0, hidden, 0f, pRwGrad, 0, hidden); // dz^T h(t-1)
        Sgemm.product(false, false, n, nIn, g4, pGates, 0, g4, pw, 0, nIn, 0f, pInGrad, 0, nIn);        // dz W^T
        stepProductNanos += stepProducts;
        productNanos += System.nanoTime() - t1;
        gateNanos += gateTime;
        copyNanos += t1 - t0;
    }
}
