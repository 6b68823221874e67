package dev.cadenza.cli.report;

import java.util.List;

import dev.cadenza.evaluation.Evaluation;
import dev.cadenza.evaluation.HeldOutScore;
import dev.cadenza.runtime.midi.Piece;

/**
 * What one {@code evaluate} run measured.
 *
 * @param corpus  the reference folder, as given
 * @param heldOut model scores on held-out pieces (empty without a model)
 * @param heldOutSource which pieces were held out (null without a model)
 * @param sets    generated sets judged against the corpus: one per folder or sampling setting (may be empty)
 */
public record EvaluationResult(String corpus, List<HeldOutScore> heldOut, String heldOutSource, List<JudgedSet> sets) {
    public EvaluationResult {
        heldOut = List.copyOf(heldOut);
        sets = List.copyOf(sets);
    }

    /**
     * One set of generated pieces and its evaluation.
     *
     * @param label      a short name: the sampling setting, or "generated"
     * @param source     where the pieces came from (a folder, or the model and settings that sampled them)
     * @param evaluation the pieces judged against the corpus
     * @param pieces     the pieces themselves, for piano rolls
     * @param nllPerToken per piece, the mean negative log-likelihood of its generated tokens under the model that made
     *                    them, in nats (null when the pieces came from a folder)
     */
    public record JudgedSet(String label, String source, Evaluation evaluation, List<Piece> pieces,
                            List<Double> nllPerToken) {
        public JudgedSet {
            pieces = List.copyOf(pieces);
            if (nllPerToken != null) nllPerToken = List.copyOf(nllPerToken);
        }

        /** The median over pieces of {@link #nllPerToken}; NaN when not measured. */
        public double medianNll() {
            if (nllPerToken == null || nllPerToken.isEmpty()) return Double.NaN;
            double[] v = nllPerToken.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        /** A set not made by a model here (a folder of MIDI files): no likelihood. */
        public JudgedSet(String label, String source, Evaluation evaluation, List<Piece> pieces) {
            this(label, source, evaluation, pieces, null);
        }
    }
}
