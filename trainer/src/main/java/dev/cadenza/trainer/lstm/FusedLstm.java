package dev.cadenza.trainer.lstm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One LSTM layer's training computation for one batch shape (DL4J's function: no peepholes, sigmoid gates, tanh),
 * its batch split into lanes that may run on separate threads. The layer's inputs and outputs are DL4J's NCW arrays
 * {@code [batch, size, steps]}, copied whole into Java arrays and out again ({@link NcwArrays}); each lane picks its
 * examples from there.
 *
 * <p>The result does not depend on which thread ran a lane, so it is deterministic for a fixed number of lanes; the
 * weight gradients of several lanes are summed in lane order.
 */
public final class FusedLstm {
    private final int batch, nIn, steps, hidden;
    private final LstmLane[] lanes;
    private final LstmWeights weights;
    private final INDArray biasGrad;
    /** The batch's arrays in DL4J's layout on their way in (input, gradient from above) and out (output, input gradient). */
    private final float[] ncwIn, ncwOut;

    /** Buffers for batches of {@code batch} windows of {@code steps} steps, split into {@code lanes} lanes. */
    public FusedLstm(int batch, int nIn, int steps, int hidden, int lanes) {
        this.batch = batch;
        this.nIn = nIn;
        this.steps = steps;
        this.hidden = hidden;
        int n = Math.max(1, Math.min(lanes, batch));
        this.lanes = new LstmLane[n];
        GateMath math = GateMath.best();
        for (int i = 0, first = 0; i < n; i++) {
            int rows = batch / n + (i < batch % n ? 1 : 0);
            this.lanes[i] = new LstmLane(first, rows, steps, nIn, hidden, math);
            first += rows;
        }
        weights = new LstmWeights(nIn, hidden);
        biasGrad = Nd4j.create(DataType.FLOAT, 1, 4L * hidden);
        ncwIn = new float[Math.multiplyExact(batch * steps, Math.max(nIn, hidden))];
        ncwOut = new float[ncwIn.length];
    }

    public int lanes() {
        return lanes.length;
    }

    public long bytes() {
        long sum = 4L * (weights.input.array.length() + weights.recurrent.array.length());
        for (LstmLane lane : lanes) sum += lane.bytes();
        return sum;
    }

    /**
     * The forward pass of {@code input} [B, nIn, T] from the state {@code h0}, {@code c0} ([B, H], null for zeros),
     * written into {@code output} [B, H, T], a dense column-major array.
     */
    public void forward(INDArray input, INDArray w, INDArray rw, INDArray b, INDArray h0, INDArray c0, INDArray output) {
        long start = System.nanoTime();
        weights.load(w, rw, b);
        NcwArrays.read(input, ncwIn);
        // DL4J hands zeros rather than null when there is no state: then the first step has no recurrent product
        float[] h = h0 == null || h0.amaxNumber().doubleValue() == 0 ? null : state(h0);
        float[] c = c0 == null || c0.amaxNumber().doubleValue() == 0 ? null : state(c0);
        long parallel = System.nanoTime();
        LaneThreads.run(lanes, lane -> {
            lane.load(ncwIn, batch, h, c);
            lane.forward(weights);
            lane.storeOutput(ncwOut, batch);
        });
        long after = System.nanoTime();
        NcwArrays.write(ncwOut, output);
        long end = System.nanoTime();
        LstmTimes.add(lanes[0], (parallel - start) + (end - after), end - start);
    }

    private float[] state(INDArray s) {
        float[] values = new float[batch * hidden];
        NcwArrays.read(s, values);
        return values;
    }

    /** h(T-1) of every example, [B, H]. */
    public INDArray lastOutput() {
        return last(lane -> lane.hs);
    }

    /** c(T-1) of every example, [B, H]. */
    public INDArray lastCell() {
        return last(lane -> lane.cells);
    }

    private INDArray last(java.util.function.Function<LstmLane, float[]> rowsOf) {
        float[] all = new float[batch * hidden];
        for (LstmLane lane : lanes) {
            System.arraycopy(rowsOf.apply(lane), steps * lane.rows * hidden, all, lane.first * hidden, lane.rows * hidden);
        }
        return Nd4j.create(all, new long[] {batch, hidden}, DataType.FLOAT);
    }

    /**
     * Backprop of the last forward pass for the gradient {@code epsilon} [B, H, T] arriving from above: fills the
     * weight gradients {@code gW}, {@code gRW}, {@code gB} (DL4J's gradient views) and writes the gradient for the
     * layer below into {@code epsilonOut} [B, nIn, T], a dense column-major array.
     */
    public void backward(INDArray epsilon, INDArray gW, INDArray gRW, INDArray gB, INDArray epsilonOut) {
        long start = System.nanoTime();
        NcwArrays.read(epsilon, ncwIn);
        long parallel = System.nanoTime();
        LaneThreads.run(lanes, lane -> {
            lane.loadGradient(ncwIn, batch);
            lane.backward(weights);
            lane.storeInputGradient(ncwOut, batch);
        });
        long after = System.nanoTime();
        NcwArrays.write(ncwOut, epsilonOut);
        sumInto(gW, lanes[0].wGrad.array, 0);
        sumInto(gRW, lanes[0].rwGrad.array, 1);
        float[] bias = lanes[0].biasGrad.clone();
        for (int i = 1; i < lanes.length; i++) {
            float[] more = lanes[i].biasGrad;
            for (int j = 0; j < bias.length; j++) bias[j] += more[j];
        }
        OffHeap.put(biasGrad, bias);
        gB.assign(biasGrad);
        long end = System.nanoTime();
        LstmTimes.add(lanes[0], (parallel - start) + (end - after), end - start);
    }

    /** The lanes' partial gradients (lane 0's is {@code first}) summed in lane order into {@code into}. */
    private void sumInto(INDArray into, INDArray first, int which) {
        if (lanes.length == 1) {
            into.assign(first);
            return;
        }
        INDArray sum = first;
        for (int i = 1; i < lanes.length; i++) {
            INDArray next = which == 0 ? lanes[i].wGrad.array : lanes[i].rwGrad.array;
            INDArray target = i == lanes.length - 1 ? into : sum.dup('f');
            Nd4j.exec(new AddOp(sum, next, target));
            sum = target;
        }
    }

}
