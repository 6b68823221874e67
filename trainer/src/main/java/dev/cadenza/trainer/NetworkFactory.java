package dev.cadenza.trainer;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
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
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.XAVIER);
        if (clip > 0) {
            base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(clip);
        }
        NeuralNetConfiguration.ListBuilder list = base.list();
        list.layer(new EmbeddingSequenceLayer.Builder()
                .nIn(shape.vocabulary()).nOut(shape.embedding())
                .hasBias(false)
                .outputDataFormat(RNNFormat.NCW)
                .build());
        int in = shape.embedding();
        for (int l = 0; l < shape.layers(); l++) {
            list.layer(new LSTM.Builder()
                    .nIn(in).nOut(shape.hidden())
                    .activation(Activation.TANH)
                    .dataFormat(RNNFormat.NCW)
                    .build());
            in = shape.hidden();
        }
        if (shape.hasDense()) {
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
        return network;
    }
}
