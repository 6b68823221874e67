package dev.cadenza.trainer;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Builds the DL4J network for a {@link NetworkShape}, in the layer order the shape documents. */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    /**
     * @param updater  the optimizer, e.g. {@code new Adam(2e-3)} or the tutorial's {@code new RmsProp(1e-3)}
     * @param clip     element-wise gradient clipping threshold (0 for none); keeps LSTM training from exploding
     */
    public static MultiLayerNetwork build(NetworkShape shape, long seed, IUpdater updater, double clip) {
        return build(shape, seed, updater, clip, 0);
    }

    /**
     * @param weightDecay decoupled weight decay of the weights (biases and the embedding's fixed table excepted): each
     *                    step takes {@code learningRate * weightDecay * w} off every weight {@code w}, apart from the
     *                    gradient step, so Adam's per-weight scaling does not weaken it (DL4J's {@code WeightDecay},
     *                    the AdamW form); 0 for none
     */
    public static MultiLayerNetwork build(NetworkShape shape, long seed, IUpdater updater, double clip, double weightDecay) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.XAVIER);
        if (weightDecay > 0) base.weightDecay(weightDecay, true);
        if (clip > 0) {
            base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(clip);
        }
        NeuralNetConfiguration.ListBuilder list = base.list();
        EmbeddingSequenceLayer.Builder input = new EmbeddingSequenceLayer.Builder()
                .nIn(shape.vocabulary()).nOut(shape.embedding())
                .hasBias(false)
                .outputDataFormat(RNNFormat.NCW);
        // A fixed table: id -> id / vocabulary. Learning rate 0 (DL4J's NoOp updater would apply the raw gradient).
        if (shape.scaledInput()) input.updater(new Sgd(0.0));
        list.layer(input.build());
        int in = shape.embedding();
        for (int l = 0; l < shape.layers(); l++) {
            list.layer(new LSTM.Builder()
                    .nIn(in).nOut(shape.hidden())
                    .activation(Activation.TANH)
                    .dataFormat(RNNFormat.NCW)
                    .build());
            in = shape.hidden();
        }
        if (shape.batchNorm()) {
            // The tutorial's head, applied at every step (training scores the last step only in many-to-one mode).
            list.layer(batchNorm(in));
            list.inputPreProcessor(shape.denseIndex() - 1, new RnnToFeedForwardPreProcessor(RNNFormat.NCW));
            DenseLayer.Builder dense = new DenseLayer.Builder().nIn(in).nOut(shape.dense()).activation(Activation.RELU);
            if (shape.dropout() > 0) dense.dropOut(1.0 - shape.dropout());
            list.layer(dense.build());
            list.layer(batchNorm(shape.dense()));
            list.inputPreProcessor(shape.outputIndex(), new FeedForwardToRnnPreProcessor(RNNFormat.NCW));
            in = shape.dense();
        } else if (shape.hasDense()) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(shape.dense()).activation(Activation.RELU).build());
            list.inputPreProcessor(shape.denseIndex(), new RnnToFeedForwardPreProcessor(RNNFormat.NCW));
            list.inputPreProcessor(shape.outputIndex(), new FeedForwardToRnnPreProcessor(RNNFormat.NCW));
            in = shape.dense();
        }
        RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(in).nOut(shape.vocabulary())
                .activation(Activation.SOFTMAX)
                .dataFormat(RNNFormat.NCW);
        if (shape.dropout() > 0) output.dropOut(1.0 - shape.dropout()); // DL4J takes the probability of keeping
        list.layer(output.build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        if (shape.scaledInput()) {
            INDArray table = network.getLayer(0).getParam("W");
            for (int id = 0; id < shape.vocabulary(); id++) table.putScalar(id, 0, id / (double) shape.vocabulary());
        }
        return network;
    }

    /**
     * Keras's BatchNormalization defaults, which the tutorial uses: moving averages with momentum 0.99, epsilon 1e-3.
     * The variance is stored as such (not as DL4J's default log10 of the standard deviation) so the exporter can fold
     * it into the next layer's weights.
     */
    private static BatchNormalization batchNorm(int size) {
        return new BatchNormalization.Builder().nIn(size).nOut(size).decay(0.99).eps(1e-3).useLogStd(false).build();
    }
}
