package dev.cadenza.exporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Encodings;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.trainer.NetworkFactory;
import dev.cadenza.trainer.NetworkShape;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Tiny networks trained for a few iterations on two short real pieces: fast, and not random any more. */
final class TinyNetworks {
    static final Path CORPUS = Path.of("..", "midi_songs");
    static final List<String> PIECES = List.of("satie-gymnopedie-no1.mid", "peacherine-rag.mid");

    /** The token ids of the two pieces and their vocabulary. */
    record Data(Vocabulary vocabulary, List<int[]> streams) {
    }

    private TinyNetworks() {
    }

    static Data data() throws Exception {
        Encoding encoding = Encodings.byName(Encodings.DEFAULT);
        List<List<String>> streams = new ArrayList<>();
        for (String name : PIECES) streams.add(encoding.encode(new MidiReader().read(CORPUS.resolve(name))));
        Vocabulary vocabulary = Vocabulary.build(encoding, streams);
        List<int[]> ids = new ArrayList<>();
        for (List<String> s : streams) ids.add(vocabulary.ids(s));
        return new Data(vocabulary, ids);
    }

    /** Embedding 8, two LSTMs of 16, an optional dense layer; fitted on a few windows for a few iterations. */
    static MultiLayerNetwork trained(Data data, int dense) {
        return trained(data, dense, 3);
    }

    /** The same network fitted for more iterations, until its predictions are decided rather than near-uniform. */
    static MultiLayerNetwork trained(Data data, int dense, int iterations) {
        NetworkShape shape = new NetworkShape(data.vocabulary().size(), 8, 2, 16, dense, 0.1);
        MultiLayerNetwork network = NetworkFactory.build(shape, 42, new Adam(1e-2), 1.0);
        int batch = 4;
        int steps = 24;
        int vocab = shape.vocabulary();
        INDArray features = Nd4j.zeros(batch, 1, steps);
        INDArray labels = Nd4j.zeros(batch, vocab, steps);
        for (int b = 0; b < batch; b++) {
            int[] stream = data.streams().get(b % data.streams().size());
            int start = 10 + 37 * b;
            for (int t = 0; t < steps; t++) {
                features.putScalar(new int[] {b, 0, t}, stream[start + t]);
                labels.putScalar(new int[] {b, stream[start + t + 1], t}, 1.0);
            }
        }
        DataSet set = new DataSet(features, labels);
        for (int i = 0; i < iterations; i++) network.fit(set);
        return network;
    }
}
