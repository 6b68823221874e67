package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

import dev.cadenza.evaluation.Evaluation;
import dev.cadenza.evaluation.HeldOutScore;
import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.MusicLength;
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Note;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.runtime.model.ModelVariant;
import dev.cadenza.trainer.Dl4jStepModel;
import dev.cadenza.trainer.NetworkFactory;
import dev.cadenza.trainer.NetworkShape;

/** The model side of evaluate on a real (small, untrained) DL4J network behind the StepModel interface. */
class ModelJudgeTest {
    private static Piece read(String name) throws Exception {
        return new MidiReader().read(Path.of("..", "midi_songs", name));
    }

    /** Notes [from, to) of a piece, moved to start at time 0. */
    private static Piece cut(Piece piece, int from, int to) {
        List<Note> notes = piece.notes().subList(from, to);
        double start = notes.get(0).onset();
        List<Note> moved = new ArrayList<>();
        for (Note n : notes) moved.add(new Note(n.onset() - start, n.duration(), n.pitch(), n.velocity()));
        return new Piece(piece.name() + "-" + from, moved, piece.tempoBpm());
    }

    @Test
    void scoresHeldOutPiecesTheSameWhateverTheChunkAndBeatsNothingUntrained() throws Exception {
        TimedEncoding encoding = new TimedEncoding();
        // Two halves of Fur Elise share its theme: a model of one should predict the other well.
        Piece whole = read("fur-elise.mid");
        Piece train = cut(whole, 0, 300);
        Piece held = cut(whole, 300, 600);
        Vocabulary vocabulary = Vocabulary.build(encoding, List.of(encoding.encode(train), encoding.encode(held)));
        NetworkShape shape = new NetworkShape(vocabulary.size(), 8, 1, 16, 0, 0);
        try (Dl4jStepModel model = new Dl4jStepModel(NetworkFactory.build(shape, 3, new Adam(1e-3), 1.0), shape)) {
            List<HeldOutScore> chunked = ModelJudge.heldOut(model, 0, new Tokenizer(vocabulary), List.of(held), List.of(train));
            List<HeldOutScore> stepwise = ModelJudge.heldOut(model, 1, new Tokenizer(vocabulary), List.of(held), List.of(train));
            assertEquals(2, chunked.size()); // the network and the n-gram baseline
            HeldOutScore network = chunked.get(0);
            assertEquals(encoding.encode(held).size() - 1, network.tokens());
            // The state carried across chunks of 128 gives the same numbers as one token per call.
            assertEquals(stepwise.get(0).nllPerToken(), network.nllPerToken(), 1e-4);
            assertEquals(stepwise.get(0).top1(), network.top1(), 1e-9);
            // Untrained, the network is about as unsure as a uniform guess over the vocabulary...
            assertTrue(network.perplexity() > vocabulary.size() / 2.0 && network.perplexity() < vocabulary.size() * 2.0,
                    "perplexity " + network.perplexity() + " for " + vocabulary.size() + " tokens");
            // ...while an n-gram model of the first half already predicts the second much better.
            assertTrue(chunked.get(1).perplexity() < network.perplexity() / 2, chunked.get(1) + " vs " + network);
        }
    }

    @Test
    void sampledPiecesAreDecodedAndJudged() throws Exception {
        TimedEncoding encoding = new TimedEncoding();
        Piece corpus = read("fur-elise.mid");
        Vocabulary vocabulary = Vocabulary.build(encoding, List.of(encoding.encode(corpus)));
        NetworkShape shape = new NetworkShape(vocabulary.size(), 8, 1, 16, 0, 0);
        try (Dl4jStepModel model = new Dl4jStepModel(NetworkFactory.build(shape, 5, new Adam(1e-3), 1.0), shape)) {
            Generator generator = Generator.over(model, new ModelMetadata(ModelVariant.LSTM, vocabulary, 8, 1, 16, 0, 100, "{}", "{}"));
            ModelJudge.Sampled sampled = ModelJudge.generate(generator, 3, Decoding.builder().maxTokens(80).musicLength(MusicLength.NONE).seed(9).build(), "t");
            List<Piece> pieces = sampled.pieces();
            assertEquals(List.of("t-01", "t-02", "t-03"), pieces.stream().map(Piece::name).toList());
            assertTrue(pieces.stream().allMatch(p -> !p.notes().isEmpty()), "80 random tokens hold some notes");
            ModelJudge.Sampled again = ModelJudge.generate(generator, 3, Decoding.builder().maxTokens(80).musicLength(MusicLength.NONE).seed(9).build(), "t");
            assertEquals(pieces, again.pieces()); // same seed, same music
            assertEquals(sampled.tokens(), again.tokens());
            assertEquals(sampled.nllPerToken(), again.nllPerToken());
            // An untrained network is about as unsure as a uniform guess over the vocabulary, and no surer.
            for (double nll : sampled.nllPerToken()) {
                assertTrue(nll > 0.5 * Math.log(vocabulary.size()) && nll < 2 * Math.log(vocabulary.size()), "nll " + nll);
            }
            assertTrue(sampled.tokens().get(0).size() <= 80 && !sampled.tokens().get(0).contains("<end>"));
            Evaluation e = Evaluation.of(pieces, sampled.tokens(), List.of(corpus), encoding);
            assertEquals(3, e.generated().size());
            assertEquals(sampled.tokens().get(1).size(), e.generated().get(1).tokens());
            assertTrue(e.generated().get(0).copy().length() >= 1);
        }
    }
}
