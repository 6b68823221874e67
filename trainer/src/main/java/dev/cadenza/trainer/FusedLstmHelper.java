package dev.cadenza.trainer;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A faster training path for DL4J's {@code LSTM} layer on the CPU, plugged in where DL4J plugs its cuDNN helper.
 *
 * <p>DL4J's own CPU path ({@code LSTMHelpers}) works one time step at a time: per layer and step it multiplies the
 * step's input by the input weights, the previous output by the recurrent weights, and in backprop four more products
 * of the same small size, each through its own native call and copies into per-step views. It also runs the whole
 * forward pass twice per batch (once for the activations, once again inside backprop). This helper computes the same
 * function with the products that do not depend on the previous step taken out of the loop: the input projection of
 * all time steps is one product of {@code [T*B, nIn] x [nIn, 4H]}, and so are the input-weight, recurrent-weight and
 * input gradients after the backward loop. Only the two products that carry the recurrence stay per step. The forward
 * pass done for the activations is kept and reused by backprop. Large products also split well over threads, which
 * the per-step ones did not.
 *
 * <p>It covers what our trainer builds: a forward (not bidirectional) LSTM without peepholes, sigmoid gates, tanh
 * activation, float32, no input mask (DL4J hands one only to bidirectional layers), training mode. Anything else, and inference ({@code rnnTimeStep}, validation),
 * returns {@code null} and DL4J's own path runs. The parameters and their layout are DL4J's ({@code W}, {@code RW},
 * {@code b}; gate blocks in the order block input, forget, output, input gate), so checkpoints and the exporter do not
 * know the helper exists. {@code FusedLstmHelperTest} compares outputs, gradients and several updates with DL4J's path.
 */
public final class FusedLstmHelper implements LSTMHelper {
    /** System property choosing the LSTM training path: {@code fused} (default) or {@code dl4j}. */
    public static final String PROPERTY = "cadenza.lstm";

    private static final Field HELPER_FIELD;

    static {
        try {
            HELPER_FIELD = LSTM.class.getDeclaredField("helper");
            HELPER_FIELD.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError("DL4J's LSTM layer has no 'helper' field: the DL4J version changed");
        }
    }

    /** The forward pass kept for backprop, i.e. the last one made. */
    private Pass pass;
    /**
     * Buffers by shape, reused from batch to batch: two, because an epoch whose windows do not fill the last batch
     * alternates between the full batch size and the remainder.
     */
    private final Map<List<Integer>, Pass> passes = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Integer>, Pass> eldest) {
            return size() > 2;
        }
    };
    private int forwardPasses;
    private int reusedPasses;

    /**
     * Whether {@link #PROPERTY} asks for the fused path (the default).
     *
     * @throws IllegalArgumentException if the property has a value other than {@code fused} or {@code dl4j}
     */
    public static boolean enabled() {
        String choice = System.getProperty(PROPERTY, "fused");
        return switch (choice) {
            case "fused" -> true;
            case "dl4j" -> false;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + choice + " is not a choice (fused or dl4j)");
        };
    }

    /** {@link #install} when {@link #enabled()}; returns the number of layers that got the helper. */
    public static int installIfEnabled(MultiLayerNetwork network) {
        return enabled() ? install(network) : 0;
    }

    /** Puts a helper (one per layer: it keeps that layer's forward pass) into every LSTM layer of {@code network}. */
    public static int install(MultiLayerNetwork network) {
        int installed = 0;
        for (Layer layer : network.getLayers()) {
            if (layer instanceof LSTM lstm) {
                setHelper(lstm, new FusedLstmHelper());
                installed++;
            }
        }
        return installed;
    }

    /** Takes the helpers out again: DL4J's own path runs. */
    public static void uninstall(MultiLayerNetwork network) {
        for (Layer layer : network.getLayers()) {
            if (layer instanceof LSTM lstm) setHelper(lstm, null);
        }
    }

    /** The helper in {@code layer}, if it is one of ours. */
    static FusedLstmHelper of(Layer layer) {
        if (!(layer instanceof LSTM)) return null;
        try {
            return HELPER_FIELD.get(layer) instanceof FusedLstmHelper h ? h : null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setHelper(LSTM layer, LSTMHelper helper) {
        try {
            HELPER_FIELD.set(layer, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forward passes this helper computed, and how many of them backprop reused instead of computing again. */
    int forwardPasses() {
        return forwardPasses;
    }

    int reusedPasses() {
        return reusedPasses;
    }

    @Override
    public boolean checkSupported(IActivation gateActivationFn, IActivation activationFn, boolean hasPeepholeConnections) {
        return gateActivationFn instanceof ActivationSigmoid && activationFn instanceof ActivationTanH && !hasPeepholeConnections;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of("fusedLstmBuffers", passes.values().stream().mapToLong(Pass::bytes).sum());
    }

    @Override
    public FwdPassReturn activate(Layer layer, NeuralNetConfiguration conf, IActivation gateActivationFn, INDArray input,
                                  INDArray recurrentWeights, INDArray inputWeights, INDArray biases, boolean training,
                                  INDArray prevOutputActivations, INDArray prevMemCellState, boolean forBackprop,
                                  boolean forwards, String inputWeightKey, INDArray maskArray,
                                  boolean hasPeepholeConnections, LayerWorkspaceMgr workspaceMgr) {
        IActivation activationFn = ((org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getLayer()).getActivationFn();
        if (!training || !forwards || maskArray != null || input.rank() != 3 || input.dataType() != DataType.FLOAT
                || !checkSupported(gateActivationFn, activationFn, hasPeepholeConnections)) {
            pass = pass == null ? null : pass.invalidated();
            return null;
        }
        if (forBackprop && pass != null && pass.valid && pass.input == input) {
            // DL4J's backprop recomputes the forward pass it has just made for the activations: same input, same
            // weights (no update happens in between), so the kept one is that pass.
            pass.valid = false;
            reusedPasses++;
            return pass.result;
        }
        forwardPasses++;
        int batch = (int) input.size(0);
        int nIn = (int) input.size(1);
        int steps = (int) input.size(2);
        int hidden = (int) recurrentWeights.size(0);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            pass = passes.computeIfAbsent(List.of(batch, nIn, steps, hidden), k -> new Pass(batch, nIn, steps, hidden));
            pass.forward(input, inputWeights, recurrentWeights, biases, prevOutputActivations, prevMemCellState);
        }
        FwdPassReturn result = new FwdPassReturn();
        // Backprop only needs our own buffers; DL4J reads lastAct/lastMemCell (truncated BPTT) and the output.
        INDArray output = workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(), new long[] {batch, hidden, steps}, 'f');
        output.assign(pass.outputs().reshape('c', steps, batch, hidden).permute(1, 2, 0));
        result.fwdPassOutput = output;
        result.lastAct = pass.lastOutput();
        result.lastMemCell = pass.lastCell();
        result.prevAct = prevOutputActivations;
        result.prevMemCell = prevMemCellState;
        pass.input = input;
        pass.result = result;
        // Kept for the backprop that follows a training forward pass; a pass made for backprop is used at once.
        pass.valid = !forBackprop;
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(NeuralNetConfiguration conf, IActivation gateActivationFn,
                                                     INDArray input, INDArray recurrentWeights, INDArray inputWeights,
                                                     INDArray epsilon, boolean truncatedBPTT, int tbpttBackwardLength,
                                                     FwdPassReturn fwdPass, boolean forwards, String inputWeightKey,
                                                     String recurrentWeightKey, String biasWeightKey,
                                                     Map<String, INDArray> gradientViews, INDArray maskArray,
                                                     boolean hasPeepholeConnections, LayerWorkspaceMgr workspaceMgr) {
        if (pass == null || fwdPass != pass.result) return null; // DL4J made this forward pass: its backprop fits it
        if (truncatedBPTT) {
            throw new UnsupportedOperationException("the fused LSTM does not do truncated BPTT; run with -D" + PROPERTY + "=dl4j");
        }
        int batch = (int) epsilon.size(0);
        int steps = (int) epsilon.size(2);
        int nIn = (int) inputWeights.size(0);
        INDArray inputGradient;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            inputGradient = pass.backward(epsilon, inputWeights, recurrentWeights, gradientViews.get(inputWeightKey),
                    gradientViews.get(recurrentWeightKey), gradientViews.get(biasWeightKey));
        }
        INDArray epsilonOut = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), new long[] {batch, nIn, steps}, 'f');
        epsilonOut.assign(inputGradient.reshape('c', steps, batch, nIn).permute(1, 2, 0));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(inputWeightKey, gradientViews.get(inputWeightKey));
        gradient.gradientForVariable().put(recurrentWeightKey, gradientViews.get(recurrentWeightKey));
        gradient.gradientForVariable().put(biasWeightKey, gradientViews.get(biasWeightKey));
        pass.valid = false;
        return new Pair<>(gradient, epsilonOut);
    }

    /**
     * The buffers of one forward pass, rows time-major (row {@code t*B + b} is example b at step t), all c-order so that
     * a step's rows are one contiguous block, which the per-step products read and write in place. Every ND4J call costs
     * tens of microseconds however small its arrays, so the steps do as few as they can: whatever does not depend on the
     * recurrence is computed once for all steps, before or after the loop.
     */
    private static final class Pass {
        final int batch, nIn, steps, hidden;
        final INDArray x;          // [T*B, nIn]   the input
        final INDArray gates;      // [T*B, 4H]    gate activations: block input a (tanh), forget f, output o, input gate g
        final INDArray outputs;    // [(T+1)*B, H] h(-1), h(0) .. h(T-1)
        final INDArray cells;      // [(T+1)*B, H] c(-1), c(0) .. c(T-1)
        final INDArray cellTanh;   // [T*B, H]     tanh(c(t))
        final INDArray gateGrads;  // [T*B, 4H]    loss gradient with respect to the gates' pre-activations
        final INDArray local;      // [T*B, 4H]    per gate, d(gate pre-activation gradient) / d(cell or output gradient)
        final INDArray cellFromOut; // [T*B, H]    d(cell gradient) / d(output gradient) = o * (1 - tanh(c)^2)
        final INDArray inGrad;     // [T*B, nIn]
        final INDArray outGrad;    // [T*B, H]     the gradient arriving from above, time-major; becomes dL/dh(t)
        final INDArray cGrad, scratch; // [B, H]
        // Views made once: ND4J's indexing costs more than the small operations on what it returns.
        final INDArray[] zAt, aAt, fAt, oAt, gAt, fogAt, hAt, cAt, tcAt, dzAt, outGradAt, cellFromOutAt;
        final INDArray[][] dzGateAt = new INDArray[4][], kGateAt = new INDArray[4][];
        INDArray input;
        FwdPassReturn result;
        boolean valid;

        Pass(int batch, int nIn, int steps, int hidden) {
            this.batch = batch;
            this.nIn = nIn;
            this.steps = steps;
            this.hidden = hidden;
            long rows = (long) steps * batch;
            x = create(rows, nIn);
            gates = create(rows, 4L * hidden);
            outputs = create(rows + batch, hidden);
            cells = create(rows + batch, hidden);
            cellTanh = create(rows, hidden);
            gateGrads = create(rows, 4L * hidden);
            local = create(rows, 4L * hidden);
            cellFromOut = create(rows, hidden);
            inGrad = create(rows, nIn);
            outGrad = create(rows, hidden);
            cGrad = create(batch, hidden);
            scratch = create(batch, hidden);
            zAt = steps(gates, steps, -1);
            aAt = steps(gates, steps, 0);
            fAt = steps(gates, steps, 1);
            oAt = steps(gates, steps, 2);
            gAt = steps(gates, steps, 3);
            fogAt = new INDArray[steps];
            for (int t = 0; t < steps; t++) fogAt[t] = zAt[t].get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 4L * hidden));
            hAt = steps(outputs, steps + 1, -1);
            cAt = steps(cells, steps + 1, -1);
            tcAt = steps(cellTanh, steps, -1);
            dzAt = steps(gateGrads, steps, -1);
            for (int gate = 0; gate < 4; gate++) {
                dzGateAt[gate] = steps(gateGrads, steps, gate);
                kGateAt[gate] = steps(local, steps, gate);
            }
            outGradAt = steps(outGrad, steps, -1);
            cellFromOutAt = steps(cellFromOut, steps, -1);
        }

        /** The rows of each step of {@code m}, or of one gate's block of columns in them. */
        private INDArray[] steps(INDArray m, int count, int gate) {
            INDArray[] views = new INDArray[count];
            for (int t = 0; t < count; t++) views[t] = gate < 0 ? step(m, t) : block(step(m, t), gate);
            return views;
        }

        private static INDArray create(long rows, long columns) {
            return Nd4j.create(DataType.FLOAT, new long[] {rows, columns}, 'c');
        }

        long bytes() {
            return 4L * (x.length() + gates.length() + outputs.length() + cells.length() + cellTanh.length()
                    + gateGrads.length() + local.length() + cellFromOut.length() + inGrad.length() + outGrad.length()
                    + cGrad.length() + scratch.length());
        }

        Pass invalidated() {
            valid = false;
            return this;
        }

        /** Rows of step t in a time-major matrix whose first block is step 0. */
        private INDArray step(INDArray m, int t) {
            return m.get(NDArrayIndex.interval((long) t * batch, (long) (t + 1) * batch), NDArrayIndex.all());
        }

        private INDArray block(INDArray rows, int gate) {
            return rows.get(NDArrayIndex.all(), NDArrayIndex.interval((long) gate * hidden, (long) (gate + 1) * hidden));
        }

        private INDArray firstRows(INDArray m, long rows) {
            return m.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        }

        INDArray outputs() {
            return outputs.get(NDArrayIndex.interval(batch, (long) (steps + 1) * batch), NDArrayIndex.all());
        }

        INDArray lastOutput() {
            return step(outputs, steps);
        }

        INDArray lastCell() {
            return step(cells, steps);
        }

        // Explicit outputs: ND4J's in-place muli/addi take a path several times slower on these shapes.
        private static void mul(INDArray a, INDArray b, INDArray into) {
            Nd4j.exec(new MulOp(a, b, into));
        }

        private static void add(INDArray a, INDArray b, INDArray into) {
            Nd4j.exec(new AddOp(a, b, into));
        }

        void forward(INDArray input, INDArray w, INDArray rw, INDArray b, INDArray h0, INDArray c0) {
            x.assign(input.permute(2, 0, 1).reshape('c', (long) steps * batch, nIn));
            Nd4j.gemm(x, w, gates, false, false, 1.0, 0.0);
            gates.addiRowVector(b);
            if (h0 == null) step(outputs, 0).assign(0); else step(outputs, 0).assign(h0);
            if (c0 == null) step(cells, 0).assign(0); else step(cells, 0).assign(c0);
            for (int t = 0; t < steps; t++) {
                Nd4j.gemm(hAt[t], rw, zAt[t], false, false, 1.0, 1.0);
                Transforms.tanh(aAt[t], false);
                Transforms.sigmoid(fogAt[t], false);
                mul(fAt[t], cAt[t], cAt[t + 1]);
                mul(gAt[t], aAt[t], scratch);
                add(cAt[t + 1], scratch, cAt[t + 1]);
                Nd4j.exec(new Tanh(cAt[t + 1], tcAt[t]));
                mul(oAt[t], tcAt[t], hAt[t + 1]);
            }
        }

        /** Fills the three weight gradients and returns the input gradient, time-major {@code [T*B, nIn]}. */
        INDArray backward(INDArray epsilon, INDArray w, INDArray rw, INDArray gW, INDArray gRW, INDArray gB) {
            long rows = (long) steps * batch;
            INDArray a = block(gates, 0), f = block(gates, 1), o = block(gates, 2), g = block(gates, 3);
            // With dh = dL/dh(t) and dc = dL/dc(t) (what flows back from step t+1 included), the gates' pre-activation
            // gradients are dh or dc times these factors, which the forward pass already fixed for every step:
            INDArray ka = block(local, 0), kf = block(local, 1), ko = block(local, 2), kg = block(local, 3);
            mul(a, a, ka);                                                   // a: dc * g * (1 - a^2)
            Nd4j.exec(new ScalarReverseSubtraction(ka, ka, 1.0));
            mul(ka, g, ka);
            Nd4j.exec(new TimesOneMinus(f, kf));                             // f: dc * c(t-1) * f(1-f)
            mul(kf, firstRows(cells, rows), kf);
            Nd4j.exec(new TimesOneMinus(o, ko));                             // o: dh * tanh(c) * o(1-o)
            mul(ko, cellTanh, ko);
            Nd4j.exec(new TimesOneMinus(g, kg));                             // g: dc * a * g(1-g)
            mul(kg, a, kg);
            mul(cellTanh, cellTanh, cellFromOut);                            // dc from dh: o * (1 - tanh(c)^2)
            Nd4j.exec(new ScalarReverseSubtraction(cellFromOut, cellFromOut, 1.0));
            mul(cellFromOut, o, cellFromOut);
            outGrad.assign(epsilon.permute(2, 0, 1).reshape('c', rows, hidden));
            cGrad.assign(0);
            for (int t = steps - 1; t >= 0; t--) {
                INDArray dh = outGradAt[t];
                if (t < steps - 1) Nd4j.gemm(dzAt[t + 1], rw, dh, false, true, 1.0, 1.0);
                mul(dh, cellFromOutAt[t], scratch);
                add(cGrad, scratch, cGrad);
                mul(dh, kGateAt[2][t], dzGateAt[2][t]);
                mul(cGrad, kGateAt[0][t], dzGateAt[0][t]);
                mul(cGrad, kGateAt[1][t], dzGateAt[1][t]);
                mul(cGrad, kGateAt[3][t], dzGateAt[3][t]);
                mul(cGrad, fAt[t], cGrad); // what reaches c(t-1) passes the forget gate
            }
            Nd4j.gemm(x, gateGrads, gW, true, false, 1.0, 0.0);
            Nd4j.gemm(firstRows(outputs, rows), gateGrads, gRW, true, false, 1.0, 0.0);
            gB.assign(gateGrads.sum(true, 0));
            Nd4j.gemm(gateGrads, w, inGrad, false, true, 1.0, 0.0);
            return inGrad;
        }
    }
}
