package dev.cadenza.exporter;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights of a Cadenza network, copied out of DL4J in DL4J's own layout (gate order included), so the graph
 * builders never touch ND4J.
 *
 * @param embedding {@code [vocabulary, embedding]}
 * @param dense     null when the network has no dense layer
 */
record NetworkWeights(Matrix embedding, List<Lstm> lstm, Dense dense, Dense output) {
    /** One LSTM layer: {@code w [nIn, 4H]}, {@code rw [H, 4H]}, {@code b [1, 4H]}, gates in DL4J's order. */
    record Lstm(Matrix w, Matrix rw, Matrix b) {
        int hidden() {
            return rw.rows();
        }
    }

    /** A fully connected layer: {@code w [nIn, nOut]}, {@code b [1, nOut]}. */
    record Dense(Matrix w, Matrix b) {
    }

    int vocabulary() {
        return embedding.rows();
    }

    int embeddingSize() {
        return embedding.cols();
    }

    int layers() {
        return lstm.size();
    }

    int hidden() {
        return lstm.get(0).hidden();
    }

    int denseSize() {
        return dense == null ? 0 : dense.w().cols();
    }

    long parameterCount() {
        long n = (long) embedding.rows() * embedding.cols();
        for (Lstm l : lstm) n += l.w().data().length + l.rw().data().length + l.b().data().length;
        if (dense != null) n += dense.w().data().length + dense.b().data().length;
        return n + output.w().data().length + output.b().data().length;
    }

    /**
     * Reads a network built by {@code NetworkFactory}: embedding, one or more LSTMs of one size, an optional dense
     * layer, the softmax output.
     *
     * @throws IllegalArgumentException naming the first layer that does not fit that structure
     */
    static NetworkWeights of(MultiLayerNetwork network) {
        Layer[] layers = network.getLayers();
        if (layers.length < 3 || !(layers[0] instanceof EmbeddingSequenceLayer)) {
            throw new IllegalArgumentException("the network does not start with an embedding layer");
        }
        Matrix embedding = matrix(layers[0].getParam("W"));
        List<Lstm> lstm = new ArrayList<>();
        int i = 1;
        for (; i < layers.length && layers[i] instanceof LSTM; i++) {
            lstm.add(new Lstm(matrix(layers[i].getParam("W")), matrix(layers[i].getParam("RW")), matrix(layers[i].getParam("b"))));
        }
        if (lstm.isEmpty()) throw new IllegalArgumentException("the network has no LSTM layer after the embedding");
        for (Lstm l : lstm) {
            if (l.hidden() != lstm.get(0).hidden()) throw new IllegalArgumentException("LSTM layers differ in size");
        }
        Dense dense = null;
        if (i < layers.length && layers[i] instanceof DenseLayer) {
            dense = new Dense(matrix(layers[i].getParam("W")), matrix(layers[i].getParam("b")));
            i++;
        }
        if (i != layers.length - 1 || !(layers[i] instanceof RnnOutputLayer)) {
            throw new IllegalArgumentException("layer " + i + " (" + layers[Math.min(i, layers.length - 1)].getClass().getSimpleName()
                    + ") is not where Cadenza's structure puts the softmax output");
        }
        Dense output = new Dense(matrix(layers[i].getParam("W")), matrix(layers[i].getParam("b")));
        if (output.w().cols() != embedding.rows()) {
            throw new IllegalArgumentException("output size " + output.w().cols() + " differs from the vocabulary " + embedding.rows());
        }
        return new NetworkWeights(embedding, List.copyOf(lstm), dense, output);
    }

    /**
     * Reads the weights back out of an exported {@code lstm}-variant file, so a shipped model can be quantised without
     * its training run. ONNX's recurrent bias (zeros in our files) is folded into the one bias DL4J has.
     */
    static NetworkWeights of(OnnxModelFile file, dev.cadenza.runtime.model.ModelMetadata m) throws dev.cadenza.runtime.model.ModelFileException {
        int v = m.vocabulary().size();
        int h = m.hidden();
        Matrix embedding = new Matrix(v, m.embedding(), file.floats("embedding"));
        List<Lstm> lstm = new ArrayList<>();
        for (int l = 0; l < m.layers(); l++) {
            int in = l == 0 ? m.embedding() : h;
            String pre = "lstm" + l;
            Matrix w = new Matrix(4 * h, in, file.floats(pre + "_W")).transpose();
            Matrix r = new Matrix(4 * h, h, file.floats(pre + "_R")).transpose();
            float[] b = file.floats(pre + "_B");
            float[] bias = new float[4 * h];
            for (int j = 0; j < 4 * h; j++) bias[j] = b[j] + b[4 * h + j];
            lstm.add(new Lstm(GateOrder.toDl4j(w), GateOrder.toDl4j(r), GateOrder.toDl4j(Matrix.row(bias))));
        }
        Dense dense = null;
        int last = h;
        if (m.dense() > 0) {
            dense = new Dense(new Matrix(h, m.dense(), file.floats("dense_W")), Matrix.row(file.floats("dense_b")));
            last = m.dense();
        }
        Dense output = new Dense(new Matrix(last, v, file.floats("output_W")), Matrix.row(file.floats("output_b")));
        return new NetworkWeights(embedding, List.copyOf(lstm), dense, output);
    }

    private static Matrix matrix(INDArray array) {
        INDArray a = array.castTo(DataType.FLOAT);
        if (a.rank() == 1) a = a.reshape(1, a.length());
        return Matrix.of(a.toFloatMatrix());
    }
}
