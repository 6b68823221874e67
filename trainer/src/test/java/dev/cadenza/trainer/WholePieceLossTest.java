package dev.cadenza.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

import dev.cadenza.evaluation.HeldOutScore;
import dev.cadenza.evaluation.NextTokenSource;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.midi.MidiReader;

/** The trainer's whole-piece validation is evaluate's held-out NLL, only batched. */
class WholePieceLossTest {
    @TempDir
    Path dir;

    @Test
    void equalsEvaluatesHeldOutScoreOnPiecesOfDifferentLengths() throws Exception {
        Path corpus = TinyRuns.twoPieces(dir);
        TrainingSettings s = TinyRuns.tiny(corpus, 1, 0.0);
        TrainingData data = TrainingData.prepare(new CorpusReader(MidiReader.forEncoding(s.encodingWithOptions())).read(corpus), s);
        List<int[]> pieces = new ArrayList<>(data.trainStreams());
        pieces.addAll(data.validationStreams());
        pieces.add(java.util.Arrays.copyOf(pieces.get(0), 300)); // longer than one chunk, shorter than the others
        NetworkShape shape = new NetworkShape(data.vocabulary().size(), 8, 2, 12, 0, 0.0);
        MultiLayerNetwork network = NetworkFactory.build(shape, 4L, new Adam(1e-2), 1.0);
        network.fit(new Windows(data.trainStreams(), 16, 16, shape.vocabulary(), TrainingSettings.Mode.MANY_TO_MANY)
                .batch(new Windows(data.trainStreams(), 16, 16, shape.vocabulary(), TrainingSettings.Mode.MANY_TO_MANY).windows().subList(0, 8)));
        double evaluate;
        try (Dl4jStepModel model = new Dl4jStepModel(network, shape)) {
            evaluate = HeldOutScore.score(NextTokenSource.of(model, 64), pieces).nllPerToken();
        }
        assertEquals(evaluate, WholePieceLoss.of(network, shape, pieces), 1e-5);
    }
}
