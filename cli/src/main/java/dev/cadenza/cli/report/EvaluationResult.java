package dev.cadenza.cli.report;

import java.util.List;

import dev.cadenza.runtime.eval.Evaluation;
import dev.cadenza.runtime.eval.HeldOutScore;
import dev.cadenza.runtime.midi.Piece;

/**
 * What one {@code evaluate} run measured.
 *
 * @param corpus          the reference folder, as given
 * @param generatedSource where the generated pieces came from (a folder, or a description of how they were sampled)
 * @param heldOut         model scores on held-out pieces (empty without a model)
 * @param evaluation      generated pieces against the corpus (null when no pieces were judged)
 * @param generatedPieces the generated pieces themselves, for piano rolls
 */
public record EvaluationResult(String corpus, String generatedSource, List<HeldOutScore> heldOut,
                               Evaluation evaluation, List<Piece> generatedPieces) {
    public EvaluationResult {
        heldOut = List.copyOf(heldOut);
        generatedPieces = List.copyOf(generatedPieces);
    }
}
