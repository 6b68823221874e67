package dev.cadenza.trainer.lstm;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One LSTM layer's training computation for one batch shape (DL4J's function: no peepholes, sigmoid gates, tanh),
 * its batch split into lanes that may run on separate threads. The layer's inputs and outputs are DL4J's NCW arrays
 * {@code [batch, size, steps]}; each lane copies its examples in and its results out with one ND4J call per array.
 *
 * <p>The result does not depend on which thread ran a lane, so it is deterministic for a fixed number of lanes; the
 * weight gradients of several lanes are summed in lane order.
 */
public final class FusedLstm {
    private final int batch, nIn, steps, hidden;
    private final LstmLane[] lanes;
    private final LstmWeights weights;
    private final INDArray biasGrad;

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
     * written into {@code output} [B, H, T].
     */
    public void forward(INDArray input, INDArray w, INDArray rw, INDArray b, INDArray h0, INDArray c0, INDArray output) {
        long start = System.nanoTime();
        weights.load(w, rw, b);
        // DL4J hands zeros rather than null when there is no state: then the first step has no recurrent product
        boolean zeroState = h0 == null || h0.amaxNumber().doubleValue() == 0;
        for (LstmLane lane : lanes) {
            lane.x.array.reshape('c', steps, lane.rows, nIn).assign(examples(input, lane).permute(2, 0, 1));
            INDArray firstOutputs = lane.outputs.array.get(interval(0, lane.rows), all());
            if (h0 == null) firstOutputs.assign(0); else firstOutputs.assign(h0.get(interval(lane.first, lane.first + lane.rows), all()));
            float[] cells = c0 == null ? new float[lane.rows * hidden]
                    : Nd4j.toFlattened('c', c0.get(interval(lane.first, lane.first + lane.rows), all())).toFloatVector();
            System.arraycopy(cells, 0, lane.cells, 0, cells.length);
            lane.startsFromZero = zeroState;
        }
        long parallel = System.nanoTime();
        LaneThreads.run(lanes, lane -> lane.forward(weights));
        long after = System.nanoTime();
        for (LstmLane lane : lanes) {
            examples(output, lane).assign(stepOutputs(lane).reshape('c', steps, lane.rows, hidden).permute(1, 2, 0));
        }
        long end = System.nanoTime();
        LstmTimes.add(lanes[0], (parallel - start) + (end - after), end - start);
    }

    /** h(T-1) of every example, [B, H]. */
    public INDArray lastOutput() {
        INDArray last = Nd4j.create(DataType.FLOAT, batch, hidden);
        for (LstmLane lane : lanes) {
            last.get(interval(lane.first, lane.first + lane.rows), all())
                    .assign(lane.outputs.array.get(interval((long) steps * lane.rows, (long) (steps + 1) * lane.rows), all()));
        }
        return last;
    }

    /** c(T-1) of every example, [B, H]. */
    public INDArray lastCell() {
        float[] all = new float[batch * hidden];
        for (LstmLane lane : lanes) {
            System.arraycopy(lane.cells, steps * lane.rows * hidden, all, lane.first * hidden, lane.rows * hidden);
        }
        return Nd4j.create(all, new long[] {batch, hidden}, DataType.FLOAT);
    }

    /**
     * Backprop of the last forward pass for the gradient {@code epsilon} [B, H, T] arriving from above: fills the
     * weight gradients {@code gW}, {@code gRW}, {@code gB} (DL4J's gradient views) and writes the gradient for the
     * layer below into {@code epsilonOut} [B, nIn, T].
     */
    public void backward(INDArray epsilon, INDArray gW, INDArray gRW, INDArray gB, INDArray epsilonOut) {
        long start = System.nanoTime();
        for (LstmLane lane : lanes) {
            lane.outGrad.array.reshape('c', steps, lane.rows, hidden).assign(examples(epsilon, lane).permute(2, 0, 1));
        }
        long parallel = System.nanoTime();
        LaneThreads.run(lanes, lane -> lane.backward(weights));
        long after = System.nanoTime();
        for (LstmLane lane : lanes) {
            examples(epsilonOut, lane).assign(lane.inGrad.array.reshape('c', steps, lane.rows, nIn).permute(1, 2, 0));
        }
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

    private static INDArray examples(INDArray ncw, LstmLane lane) {
        return ncw.get(interval(lane.first, lane.first + lane.rows), all(), all());
    }

    private INDArray stepOutputs(LstmLane lane) {
        return lane.outputs.array.get(interval(lane.rows, (long) (steps + 1) * lane.rows), all());
    }
}
