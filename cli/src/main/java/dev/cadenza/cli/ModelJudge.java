package dev.cadenza.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.cadenza.runtime.baseline.NgramModel;
import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.eval.HeldOutScore;
import dev.cadenza.runtime.eval.NextTokenSource;
import dev.cadenza.runtime.generate.BatchGenerator;
import dev.cadenza.runtime.generate.GeneratedPiece;
import dev.cadenza.runtime.generate.Primers;
import dev.cadenza.runtime.generate.SamplingSettings;
import dev.cadenza.runtime.generate.StepModel;
import dev.cadenza.runtime.midi.Piece;

/** The parts of {@code evaluate} that need a model: scoring held-out pieces, and sampling pieces to judge. */
final class ModelJudge {
    /** Tokens fed per model call while scoring; a one-step graph takes one at a time. */
    static final int SCORING_CHUNK = 128;

    private ModelJudge() {
    }

    /**
     * Scores the held-out pieces with the model and with an n-gram baseline fitted on the training pieces, both over
     * the model's vocabulary (tokens it never saw count as {@code <unk>}).
     */
    static List<HeldOutScore> heldOut(StepModel model, int stepsPerCall, Vocabulary vocabulary, List<Piece> heldOut,
                                      List<Piece> training) {
        Encoding encoding = vocabulary.encoding();
        List<int[]> held = ids(encoding, vocabulary, heldOut);
        List<HeldOutScore> scores = new ArrayList<>();
        int chunk = stepsPerCall > 0 ? stepsPerCall : SCORING_CHUNK;
        scores.add(HeldOutScore.score(NextTokenSource.of(model, chunk), held));
        if (!training.isEmpty()) {
            NgramModel ngram = NgramModel.fit(ids(encoding, vocabulary, training), vocabulary.size());
            scores.add(HeldOutScore.score(NextTokenSource.of(ngram), held));
        }
        return scores;
    }

    static List<int[]> ids(Encoding encoding, Vocabulary vocabulary, List<Piece> pieces) {
        List<int[]> out = new ArrayList<>();
        for (Piece p : pieces) out.add(vocabulary.ids(encoding.encode(p)));
        return out;
    }

    /** Sampled pieces, decoded, with the tokens they were sampled as (START and END left out). */
    record Sampled(List<Piece> pieces, List<List<String>> tokens) {
    }

    /** {@code count} pieces sampled from the start token, decoded to music. */
    static Sampled generate(StepModel model, Vocabulary vocabulary, double tempoBpm, int count, int length,
                                SamplingSettings sampling, long seed, String prefix) {
        List<int[]> primers = Collections.nCopies(count, Primers.start().ids());
        List<GeneratedPiece> pieces = new BatchGenerator(model).generate(primers, length, sampling, seed, null);
        List<Piece> out = new ArrayList<>();
        List<List<String>> tokens = new ArrayList<>();
        for (GeneratedPiece g : pieces) {
            String name = String.format("%s-%02d", prefix, g.index() + 1);
            List<String> all = vocabulary.tokens(g.allIds());
            out.add(vocabulary.encoding().decode(name, all, tempoBpm));
            tokens.add(all.stream().filter(t -> !SpecialTokens.isSpecial(t)).toList());
        }
        return new Sampled(out, tokens);
    }
}
