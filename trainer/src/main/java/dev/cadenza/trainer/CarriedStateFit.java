package dev.cadenza.trainer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.Solver;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.cadenza.runtime.io.AtomicFiles;

/**
 * One training step whose LSTM layers start from the state the previous step ended in (truncated back-propagation
 * through time across batches): row i of a batch starts from the final state of row {@code from[i]} of the previous
 * batch, or from zeros. The state is carried as values only, so no gradient crosses from one batch into the one
 * before.
 *
 * <p>DL4J's own truncated BPTT ({@code BackpropType.TruncatedBPTT} in {@code fit}) cuts one long batch into windows
 * and carries the state between them, but clears it at the start and end of every {@code fit} call, and carries every
 * row alike, so a row cannot start a new piece from zero while its neighbours continue theirs. This step does what
 * {@code fit} does for one window of it, with the starting state set here: the configuration is switched to truncated
 * BPTT (window long, so backprop reaches back through the whole window, as in standard backprop) for the step only,
 * the state goes into each LSTM layer's two state maps (the forward pass reads one, the backward pass the other), and
 * the optimizer is DL4J's {@link Solver} stepping with the network's own updater, so the update, the clipping and the iteration
 * count are {@code fit}'s. With {@code from} all -1 the step is exactly {@code fit}, and two windows carried this way
 * are exactly DL4J's own truncated BPTT over the two (tests check both).
 *
 * <p>Only the fused LSTM ({@link FusedLstmHelper}) is taken: from a non-zero starting state, DL4J 1.0.0-M2.1's own
 * LSTM backprop gives weight gradients that disagree with finite differences (its forward pass is right), while the
 * fused path agrees with them ({@code CarriedStateFitTest}).
 */
final class CarriedStateFit {
    // DL4J's names for an LSTM layer's stored output and cell state.
    private static final String PREV_ACT = "prevAct";
    private static final String PREV_MEM = "prevMem";
    private static final int FILE_MAGIC = 0x43535431; // "CST1"

    private final MultiLayerNetwork network;
    private final int[] lstmLayers;
    private final Solver solver;
    /** Per LSTM layer, the last batch's final h and c, row-major [rows, hidden]; null before the first batch. */
    private float[][] h, c;
    private int rows;
    private int hidden;

    CarriedStateFit(MultiLayerNetwork network) {
        this.network = network;
        List<Integer> lstm = new ArrayList<>();
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) if (layers[i] instanceof RecurrentLayer) lstm.add(i);
        this.lstmLayers = lstm.stream().mapToInt(Integer::intValue).toArray();
        for (int i : lstmLayers) {
            if (FusedLstmHelper.of(layers[i]) == null) {
                // Measured against finite differences (CarriedStateFitTest): from a non-zero starting state, DL4J
                // 1.0.0-M2.1's own LSTM backprop gets the weight gradients wrong; the fused path gets them right.
                throw new IllegalArgumentException("training on whole pieces (--context piece) needs the fused LSTM "
                        + "(--lstm fused, the default): Deeplearning4j's own LSTM path computes wrong gradients when a "
                        + "window starts from a carried state");
            }
        }
        this.solver = new Solver.Builder().configure(network.conf()).listeners(network.getListeners()).model(network).build();
        // A new Solver's optimizer would make an updater of its own, with fresh Adam moments that checkpoints never
        // see: it must step with the network's, the one fit() uses and checkpoints save and restore.
        solver.getOptimizer().setUpdater(network.getUpdater());
    }

    /** Fits one batch; {@code from} as in {@link WindowSource.Batch#carriedFrom()} (null: every row from zeros). */
    void fit(DataSet batch, int[] from) {
        int window = (int) batch.getFeatures().size(2);
        int b = (int) batch.getFeatures().size(0);
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        BackpropType type = conf.getBackpropType();
        int forward = conf.getTbpttFwdLength(), backward = conf.getTbpttBackLength();
        conf.setBackpropType(BackpropType.TruncatedBPTT);
        conf.setTbpttFwdLength(window);
        conf.setTbpttBackLength(window);
        try {
            network.rnnClearPreviousState();
            network.setInput(batch.getFeatures());
            network.setLabels(batch.getLabels());
            network.setLayerMaskArrays(batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
            boolean carried = from != null && h != null && java.util.Arrays.stream(from).anyMatch(r -> r >= 0);
            for (int l = 0; l < lstmLayers.length && carried; l++) {
                Map<String, INDArray> start = new HashMap<>();
                start.put(PREV_ACT, gather(h[l], from, b));
                start.put(PREV_MEM, gather(c[l], from, b));
                RecurrentLayer layer = (RecurrentLayer) network.getLayer(lstmLayers[l]);
                layer.rnnSetPreviousState(new HashMap<>(start));
                layer.rnnSetTBPTTState(start);
            }
            solver.optimize(LayerWorkspaceMgr.noWorkspaces());
            float[][] nextH = new float[lstmLayers.length][], nextC = new float[lstmLayers.length][];
            for (int l = 0; l < lstmLayers.length; l++) {
                Map<String, INDArray> end = ((RecurrentLayer) network.getLayer(lstmLayers[l])).rnnGetTBPTTState();
                INDArray lastH = end.get(PREV_ACT);
                hidden = (int) lastH.size(1);
                nextH[l] = lastH.dup('c').data().asFloat();
                nextC[l] = end.get(PREV_MEM).dup('c').data().asFloat();
            }
            h = nextH;
            c = nextC;
            rows = b;
        } finally {
            network.rnnClearPreviousState();
            network.clearLayerMaskArrays();
            network.clearLayersStates();
            conf.setBackpropType(type);
            conf.setTbpttFwdLength(forward);
            conf.setTbpttBackLength(backward);
        }
    }

    /** Rows {@code from} of a [rows, hidden] state (zeros where -1), as a [b, hidden] array. */
    private INDArray gather(float[] state, int[] from, int b) {
        float[] out = new float[b * hidden];
        for (int i = 0; i < b; i++) {
            if (from[i] < 0) continue;
            if (from[i] >= rows) throw new IllegalStateException("row " + i + " continues row " + from[i] + " of a batch of " + rows);
            System.arraycopy(state, from[i] * hidden, out, i * hidden, hidden);
        }
        return Nd4j.create(out, new long[]{b, hidden}, 'c');
    }

    /** Forgets the carried state (at the end of an epoch every piece has ended). */
    void reset() {
        h = null;
        c = null;
        rows = 0;
    }

    /**
     * Writes the carried state, with the epoch and batch it belongs to, atomically: a run interrupted in the middle of
     * an epoch needs it to continue exactly (the state came from weights that no longer exist, so it cannot be
     * recomputed).
     */
    void save(Path file, int epoch, int batchesDone) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw));
            out.writeInt(FILE_MAGIC);
            out.writeInt(epoch);
            out.writeInt(batchesDone);
            out.writeInt(h == null ? 0 : lstmLayers.length);
            out.writeInt(rows);
            out.writeInt(hidden);
            for (int l = 0; h != null && l < lstmLayers.length; l++) {
                for (float v : h[l]) out.writeFloat(v);
                for (float v : c[l]) out.writeFloat(v);
            }
            out.flush();
        });
    }

    /**
     * Reads what {@link #save} wrote.
     *
     * @throws IOException naming the file when it is missing, damaged or for another point of the run
     */
    void load(Path file, int epoch, int batchesDone) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: this run trains on whole pieces and stopped in the middle of epoch "
                    + (epoch + 1) + "; without the LSTM state it stopped in, it cannot continue exactly");
        }
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (in.readInt() != FILE_MAGIC) throw new IOException(file + ": not a carried-state file");
            int e = in.readInt(), b = in.readInt();
            if (e != epoch || b != batchesDone) {
                throw new IOException(file + " holds the state after epoch " + (e + 1) + ", batch " + b + ", but the run "
                        + "stopped after epoch " + (epoch + 1) + ", batch " + batchesDone + "; the run folder is inconsistent");
            }
            int layers = in.readInt();
            int r = in.readInt(), hid = in.readInt();
            if (layers != 0 && (layers != lstmLayers.length || r < 0 || hid < 1 || (long) r * hid > (1 << 26))) {
                throw new IOException(file + ": " + layers + " layers of " + r + " x " + hid + " do not fit this network");
            }
            if (layers == 0) {
                reset();
                return;
            }
            float[][] nh = new float[layers][r * hid], nc = new float[layers][r * hid];
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < nh[l].length; i++) nh[l][i] = in.readFloat();
                for (int i = 0; i < nc[l].length; i++) nc[l][i] = in.readFloat();
            }
            h = nh;
            c = nc;
            rows = r;
            hidden = hid;
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": ends early; the carried-state file is truncated", e);
        }
    }
}
