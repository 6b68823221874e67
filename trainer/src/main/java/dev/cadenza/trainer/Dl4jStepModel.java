package dev.cadenza.trainer;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.cadenza.runtime.spi.LstmState;
import dev.cadenza.runtime.spi.ModelState;
import dev.cadenza.runtime.spi.LstmStepModel;

/**
 * The DL4J network as a {@link LstmStepModel}: the reference every other backend is compared with. The LSTM states are
 * moved in and out of DL4J's per-layer {@code rnnTimeStep} memory around each call, so the network itself keeps no
 * state between calls and one network can serve several independent batches.
 */
public final class Dl4jStepModel implements LstmStepModel {
    // DL4J's names for an LSTM layer's stored hidden output and cell state.
    private static final String PREV_ACT = "prevAct";
    private static final String PREV_MEM = "prevMem";

    private final MultiLayerNetwork network;
    private final NetworkShape shape;

    public Dl4jStepModel(MultiLayerNetwork network, NetworkShape shape) {
        this.network = network;
        this.shape = shape;
        for (int l = 0; l < shape.layers(); l++) {
            if (!(network.getLayer(shape.firstLstmIndex() + l) instanceof LSTM)) {
                throw new IllegalArgumentException("layer " + (shape.firstLstmIndex() + l) + " is not an LSTM; network and shape disagree");
            }
        }
    }

    @Override
    public int vocabularySize() {
        return shape.vocabulary();
    }

    @Override
    public int layers() {
        return shape.layers();
    }

    @Override
    public int hiddenSize() {
        return shape.hidden();
    }


    @Override
    public void run(long[] tokens, int steps, ModelState modelState, float[] probs) {
        LstmState state = (LstmState) modelState;
        int batch = state.batch();
        int hidden = shape.hidden();
        int vocab = shape.vocabulary();
        if (tokens.length < (long) batch * steps) throw new IllegalArgumentException("tokens hold fewer than batch x steps ids");
        if (probs.length < (long) batch * steps * vocab) throw new IllegalArgumentException("probs is too short");
        int size = batch * hidden;
        for (int l = 0; l < shape.layers(); l++) {
            float[] h = new float[size];
            float[] c = new float[size];
            state.h().get(l * size, h, 0, size);
            state.c().get(l * size, c, 0, size);
            Map<String, INDArray> layerState = new HashMap<>();
            layerState.put(PREV_ACT, Nd4j.create(h, new long[]{batch, hidden}, 'c'));
            layerState.put(PREV_MEM, Nd4j.create(c, new long[]{batch, hidden}, 'c'));
            network.rnnSetPreviousState(shape.firstLstmIndex() + l, layerState);
        }
        float[] ids = new float[batch * steps];
        for (int i = 0; i < ids.length; i++) ids[i] = tokens[i];
        INDArray out = network.rnnTimeStep(Nd4j.create(ids, new long[]{batch, 1, steps}, 'c'));
        if (out.rank() == 2) out = out.reshape(batch, vocab, 1); // DL4J drops the time axis for a single step
        // DL4J gives [batch, vocab, steps]; StepModel wants [batch, steps, vocab].
        float[] flat = out.permute(0, 2, 1).dup('c').data().asFloat();
        System.arraycopy(flat, 0, probs, 0, flat.length);
        for (int l = 0; l < shape.layers(); l++) {
            Map<String, INDArray> after = network.rnnGetPreviousState(shape.firstLstmIndex() + l);
            float[] h = after.get(PREV_ACT).dup('c').data().asFloat();
            float[] c = after.get(PREV_MEM).dup('c').data().asFloat();
            state.h().put(l * size, h, 0, size);
            state.c().put(l * size, c, 0, size);
        }
        network.rnnClearPreviousState();
    }

    @Override
    public String backendName() {
        return "dl4j";
    }

    @Override
    public void close() {
        network.rnnClearPreviousState();
    }
}
