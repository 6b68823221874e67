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
import org.nd4j.linalg.factory.Nd4j;

import dev.cadenza.trainer.lstm.FusedLstm;

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
 * pass done for the activations is kept and reused by backprop. The computation itself is {@link FusedLstm}: per step
 * one product straight into OpenBLAS and one vectorised Java pass for the gates and the cell, the batch split into
 * lanes on as many threads as {@code --threads}.
 *
 * <p>It covers what our trainer builds: a forward (not bidirectional) LSTM without peepholes, sigmoid gates, tanh
 * activation, float32, no input mask (DL4J hands one only to bidirectional layers), training mode, from a zero state
 * or from a given one (training on whole pieces, {@link CarriedStateFit}: the initial h and c enter the first step's
 * recurrent product and forget gate, and their part of the recurrent-weight gradient). Anything else, and inference ({@code rnnTimeStep}, validation),
 * returns {@code null} and DL4J's own path runs. The parameters and their layout are DL4J's ({@code W}, {@code RW},
 * {@code b}; gate blocks in the order block input, forget, output, input gate), so checkpoints and the exporter do not
 * know the helper exists. {@code FusedLstmHelperTest} compares outputs, gradients and several updates with DL4J's path.
 */
public final class FusedLstmHelper implements LSTMHelper {
    /** System property choosing the LSTM training path: {@code fused} (default) or {@code dl4j}. */
    public static final String PROPERTY = "cadenza.lstm";
    /** System property overriding the lanes a batch is split into (default: the training's thread count). */
    public static final String LANES = "cadenza.lstm.lanes";

    private static final Field HELPER_FIELD;

    static {
        try {
            HELPER_FIELD = LSTM.class.getDeclaredField("helper");
            HELPER_FIELD.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError("DL4J's LSTM layer has no 'helper' field: the DL4J version changed");
        }
    }

    /** Threads (lanes) a batch is split over. */
    private final int lanes;
    /** The last forward pass: its buffers, the input it was made for, what DL4J got, whether backprop may reuse it. */
    private FusedLstm pass;
    private INDArray passInput;
    private FwdPassReturn passResult;
    private boolean passValid;
    /**
     * Buffers by shape, reused from batch to batch: two, because an epoch whose windows do not fill the last batch
     * alternates between the full batch size and the remainder.
     */
    private final Map<List<Integer>, FusedLstm> passes = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Integer>, FusedLstm> eldest) {
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

    private FusedLstmHelper(int lanes) {
        this.lanes = lanes;
    }

    /**
     * {@link #install} when {@link #enabled()}; returns the number of layers that got the helper. The system property
     * {@link #LANES} overrides the number of lanes (for measuring one lane on OpenBLAS's threads against several).
     */
    public static int installIfEnabled(MultiLayerNetwork network, int threads) {
        return enabled() ? install(network, Integer.getInteger(LANES, threads)) : 0;
    }

    /**
     * Puts a helper (one per layer: it keeps that layer's forward pass) into every LSTM layer of {@code network}; each
     * splits a batch over {@code threads} threads (lanes). The result depends on that number only through the order
     * in which the lanes' gradients are summed, and is the same every time for the same number.
     */
    public static int install(MultiLayerNetwork network, int threads) {
        int installed = 0;
        for (Layer layer : network.getLayers()) {
            if (layer instanceof LSTM lstm) {
                setHelper(lstm, new FusedLstmHelper(Math.max(1, threads)));
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

    /** The threads (lanes) each batch is split over. */
    int lanes() {
        return lanes;
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
        return Map.of("fusedLstmBuffers", passes.values().stream().mapToLong(FusedLstm::bytes).sum());
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
            passValid = false;
            return null;
        }
        if (forBackprop && pass != null && passValid && passInput == input) {
            // DL4J's backprop recomputes the forward pass it has just made for the activations: same input, same
            // weights (no update happens in between), so the kept one is that pass.
            passValid = false;
            reusedPasses++;
            return passResult;
        }
        forwardPasses++;
        int batch = (int) input.size(0);
        int nIn = (int) input.size(1);
        int steps = (int) input.size(2);
        int hidden = (int) recurrentWeights.size(0);
        // uninitialised: the fused pass writes every element (zero-filling it was a memset of the whole array per batch)
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), new long[] {batch, hidden, steps}, 'f');
        FwdPassReturn result = new FwdPassReturn();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            pass = passes.computeIfAbsent(List.of(batch, nIn, steps, hidden), k -> new FusedLstm(batch, nIn, steps, hidden, lanes));
            pass.forward(input, inputWeights, recurrentWeights, biases, prevOutputActivations, prevMemCellState, output);
            // Backprop only needs our own buffers; DL4J reads lastAct/lastMemCell (truncated BPTT) and the output.
            result.lastAct = pass.lastOutput();
            result.lastMemCell = pass.lastCell();
        }
        result.fwdPassOutput = output;
        result.prevAct = prevOutputActivations;
        result.prevMemCell = prevMemCellState;
        passInput = input;
        passResult = result;
        // Kept for the backprop that follows a training forward pass; a pass made for backprop is used at once.
        passValid = !forBackprop;
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
        if (pass == null || fwdPass != passResult) return null; // DL4J made this forward pass: its backprop fits it
        int batch = (int) epsilon.size(0);
        int steps = (int) epsilon.size(2);
        // Truncated BPTT that reaches back over the whole window (what CarriedStateFit asks for) is plain backprop from
        // a given starting state, which the pass holds; a shorter reach is not implemented.
        if (truncatedBPTT && tbpttBackwardLength < steps) {
            throw new UnsupportedOperationException("the fused LSTM does not do truncated BPTT shorter than its window ("
                    + tbpttBackwardLength + " < " + steps + "); run with -D" + PROPERTY + "=dl4j");
        }
        int nIn = (int) inputWeights.size(0);
        INDArray epsilonOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), new long[] {batch, nIn, steps}, 'f');
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            pass.backward(epsilon, gradientViews.get(inputWeightKey), gradientViews.get(recurrentWeightKey),
                    gradientViews.get(biasWeightKey), epsilonOut);
        }
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(inputWeightKey, gradientViews.get(inputWeightKey));
        gradient.gradientForVariable().put(recurrentWeightKey, gradientViews.get(recurrentWeightKey));
        gradient.gradientForVariable().put(biasWeightKey, gradientViews.get(biasWeightKey));
        passValid = false;
        return new Pair<>(gradient, epsilonOut);
    }
}
