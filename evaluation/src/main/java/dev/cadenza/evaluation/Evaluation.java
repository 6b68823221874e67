package dev.cadenza.evaluation;

import java.util.ArrayList;
import java.util.List;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.midi.Piece;

/**
 * Generated pieces judged against a reference set (the corpus): each piece on its own, then the two sets' feature
 * distributions side by side.
 *
 * @param encoding  the encoding whose tokens the repetition and copy measures count
 * @param generated one report per generated piece, each with its longest copy from the reference set
 * @param reference one report per reference piece (no copy measure: a corpus piece trivially copies itself)
 * @param sets      intra-set and inter-set distance distributions, one per feature
 */
public record Evaluation(String encoding, List<PieceReport> generated, List<PieceReport> reference,
                         List<SetComparison> sets) {

    public static Evaluation of(List<Piece> generated, List<Piece> reference, Encoding encoding) {
        return of(generated, null, reference, encoding);
    }

    /**
     * @param generatedTokens each generated piece's tokens as sampled, START and END left out, for the repetition
     *                        and copy measures; null to take them from encoding the pieces
     */
    public static Evaluation of(List<Piece> generated, List<List<String>> generatedTokens, List<Piece> reference,
                                Encoding encoding) {
        if (generatedTokens != null && generatedTokens.size() != generated.size()) {
            throw new IllegalArgumentException("one token list per generated piece is needed");
        }
        if (generated.isEmpty()) throw new IllegalArgumentException("no generated pieces to evaluate");
        if (reference.isEmpty()) throw new IllegalArgumentException("no reference pieces to compare with");
        List<List<String>> referenceTokens = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Piece piece : reference) {
            referenceTokens.add(PieceReport.musicalTokens(encoding, piece));
            names.add(piece.name());
        }
        CorpusIndex index = new CorpusIndex(referenceTokens);
        List<PieceReport> generatedReports = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            List<String> tokens = generatedTokens != null ? generatedTokens.get(i)
                    : PieceReport.musicalTokens(encoding, generated.get(i));
            generatedReports.add(PieceReport.of(generated.get(i), tokens, index, names));
        }
        List<PieceReport> referenceReports = new ArrayList<>();
        for (Piece piece : reference) referenceReports.add(PieceReport.of(piece, encoding, null, names));
        List<SetComparison> sets = SetComparison.compare(
                generatedReports.stream().map(PieceReport::features).toList(),
                referenceReports.stream().map(PieceReport::features).toList());
        return new Evaluation(encoding.name(), generatedReports, referenceReports, sets);
    }
}
