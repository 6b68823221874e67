package dev.cadenza.runtime.eval;

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
        for (Piece piece : generated) generatedReports.add(PieceReport.of(piece, encoding, index, names));
        List<PieceReport> referenceReports = new ArrayList<>();
        for (Piece piece : reference) referenceReports.add(PieceReport.of(piece, encoding, null, names));
        List<SetComparison> sets = SetComparison.compare(
                generatedReports.stream().map(PieceReport::features).toList(),
                referenceReports.stream().map(PieceReport::features).toList());
        return new Evaluation(encoding.name(), generatedReports, referenceReports, sets);
    }
}
