package dev.cadenza.cli;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.evaluation.baseline.NgramModel;
import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.evaluation.HeldOutScore;
import dev.cadenza.evaluation.NextTokenSource;
import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.GenerationResult;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.PrimerChoice;
import dev.cadenza.runtime.spi.StepModel;
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
    static List<HeldOutScore> heldOut(StepModel model, int stepsPerCall, Tokenizer tokenizer, List<Piece> heldOut,
                                      List<Piece> training) {
        List<int[]> held = ids(tokenizer, heldOut);
        List<HeldOutScore> scores = new ArrayList<>();
        int chunk = stepsPerCall > 0 ? stepsPerCall : SCORING_CHUNK;
        scores.add(HeldOutScore.score(NextTokenSource.of(model, chunk), held));
        if (!training.isEmpty()) {
            NgramModel ngram = NgramModel.fit(ids(tokenizer, training), tokenizer.size());
            scores.add(HeldOutScore.score(NextTokenSource.of(ngram), held));
        }
        return scores;
    }

    static List<int[]> ids(Tokenizer tokenizer, List<Piece> pieces) {
        List<int[]> out = new ArrayList<>();
        for (Piece p : pieces) out.add(tokenizer.encode(p));
        return out;
    }

    /**
     * Sampled pieces, decoded, with the tokens they were sampled as (START and END left out), each piece's mean
     * negative log-likelihood per generated token under the model that made it, and the semitones its music was moved
     * from its tokens (a key-normalised model's pieces are written in C or A minor and moved to their key).
     */
    record Sampled(List<Piece> pieces, List<List<String>> tokens, List<Double> nllPerToken, List<Integer> transposes) {
    }

    /**
     * {@code count} pieces decoded as {@code decoding} says (the generator chooses its decoder from it) from the start
     * token at the model's tempo, named {@code PREFIX-NN}.
     */
    static Sampled generate(Generator generator, int count, Decoding decoding, String prefix) {
        GenerationRequest request = new GenerationRequest(count, decoding, PrimerChoice.start(), null, prefix);
        GenerationResult result;
        try {
            result = generator.generate(request);
        } catch (Exception e) {
            throw new IllegalStateException("a start primer reads no file", e);
        }
        int chunk = generator.metadata().stepsPerCall() > 0 ? generator.metadata().stepsPerCall() : SCORING_CHUNK;
        NextTokenSource scorer = NextTokenSource.of(generator.model(), chunk);
        List<Piece> out = new ArrayList<>();
        List<List<String>> tokens = new ArrayList<>();
        List<Double> nll = new ArrayList<>();
        List<Integer> transposes = new ArrayList<>();
        for (GenerationResult.Generated g : result.pieces()) {
            out.add(g.music());
            transposes.add(g.primer().transpose());
            List<String> all = generator.tokenizer().tokens(g.ids().allIds());
            tokens.add(all.stream().filter(t -> !SpecialTokens.isSpecial(t)).toList());
            nll.add(HeldOutScore.score(scorer, List.of(g.ids().allIds())).nllPerToken());
        }
        return new Sampled(out, tokens, nll, transposes);
    }
}
