package dev.cadenza.exporter;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
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
     * layer, the softmax output; batch normalisations around the dense layer (the tutorial's head) are folded into
     * the dense and output weights, so the exported graph has the same form either way.
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
        // The tutorial's head has a batch normalisation before the dense layer and one after it. At inference each is
        // a fixed scale and shift per unit, so it folds into the weights of the layer that reads its output.
        Affine norm = null;
        if (i < layers.length && layers[i] instanceof BatchNormalization) {
            norm = Affine.of(layers[i]);
            i++;
        }
        Dense dense = null;
        if (i < layers.length && layers[i] instanceof DenseLayer) {
            dense = new Dense(matrix(layers[i].getParam("W")), matrix(layers[i].getParam("b")));
            if (norm != null) dense = norm.foldInto(dense);
            norm = null;
            i++;
            if (i < layers.length && layers[i] instanceof BatchNormalization) {
                norm = Affine.of(layers[i]);
                i++;
            }
        }
        if (norm != null && dense == null) {
            throw new IllegalArgumentException("a batch normalisation must be followed by a dense layer");
        }
        if (i != layers.length - 1 || !(layers[i] instanceof RnnOutputLayer)) {
            throw new IllegalArgumentException("layer " + i + " (" + layers[Math.min(i, layers.length - 1)].getClass().getSimpleName()
                    + ") is not where Cadenza's structure puts the softmax output");
        }
        Dense output = new Dense(matrix(layers[i].getParam("W")), matrix(layers[i].getParam("b")));
        if (norm != null) output = norm.foldInto(output);
        if (output.w().cols() != embedding.rows()) {
            throw new IllegalArgumentException("output size " + output.w().cols() + " differs from the vocabulary " + embedding.rows());
        }
        return new NetworkWeights(embedding, List.copyOf(lstm), dense, output);
    }

    /** A batch normalisation at inference: {@code y = x * scale + shift} per unit. */
    private record Affine(double[] scale, double[] shift) {
        static Affine of(Layer layer) {
            org.deeplearning4j.nn.conf.layers.BatchNormalization conf =
                    (org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer();
            if (conf.isUseLogStd()) {
                throw new IllegalArgumentException("batch normalisation stores log10 of the deviation; Cadenza builds it with useLogStd(false)");
            }
            double[] gamma = doubles(layer.getParam("gamma"));
            double[] beta = doubles(layer.getParam("beta"));
            double[] mean = doubles(layer.getParam("mean"));
            double[] var = doubles(layer.getParam("var"));
            double[] scale = new double[gamma.length];
            double[] shift = new double[gamma.length];
            for (int k = 0; k < gamma.length; k++) {
                scale[k] = gamma[k] / Math.sqrt(var[k] + conf.getEps());
                shift[k] = beta[k] - mean[k] * scale[k];
            }
            return new Affine(scale, shift);
        }

        /** The layer {@code x -> (x * scale + shift) W + b} as one layer {@code x -> x W' + b'}. */
        Dense foldInto(Dense next) {
            Matrix w = next.w();
            if (w.rows() != scale.length) {
                throw new IllegalArgumentException("batch normalisation of " + scale.length + " units feeds a layer of " + w.rows() + " inputs");
            }
            float[] folded = new float[w.data().length];
            double[] bias = new double[w.cols()];
            for (int j = 0; j < w.cols(); j++) bias[j] = next.b().data()[j];
            for (int r = 0; r < w.rows(); r++) {
                for (int j = 0; j < w.cols(); j++) {
                    double v = w.data()[r * w.cols() + j];
                    folded[r * w.cols() + j] = (float) (v * scale[r]);
                    bias[j] += shift[r] * v;
                }
            }
            float[] b = new float[bias.length];
            for (int j = 0; j < b.length; j++) b[j] = (float) bias[j];
            return new Dense(new Matrix(w.rows(), w.cols(), folded), Matrix.row(b));
        }

        private static double[] doubles(INDArray a) {
            return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }
    }

    private static Matrix matrix(INDArray array) {
        INDArray a = array.castTo(DataType.FLOAT);
        if (a.rank() == 1) a = a.reshape(1, a.length());
        return Matrix.of(a.toFloatMatrix());
    }
}
