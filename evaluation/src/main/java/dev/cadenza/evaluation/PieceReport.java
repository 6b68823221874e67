package dev.cadenza.evaluation;

import java.util.List;

import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.SpecialTokens;
import dev.cadenza.runtime.midi.Piece;

/**
 * Everything measured on one piece.
 *
 * @param name        the piece's name
 * @param notes       note count
 * @param seconds     length at its tempo
 * @param tokens      length of its token stream, START and END left out
 * @param features    the Yang and Lerch features
 * @param scale       best share of notes inside one scale
 * @param repetition  longest stretch of one short token pattern repeated back to back
 * @param copy        longest stretch of tokens copied verbatim from one reference piece (null when not measured)
 * @param copiedFrom  the name of that reference piece (null when nothing is copied or not measured)
 * @param recurrence  which of its two-beat windows come back within the piece
 * @param outerVoices how its bass and top lines move against each other
 */
public record PieceReport(String name, int notes, double seconds, int tokens, PieceFeatures features,
                          ScaleConsistency scale, Repetition repetition, CorpusIndex.Match copy, String copiedFrom,
                          Recurrence recurrence, OuterVoices outerVoices) {

    /** The musical tokens of a piece: its encoding without the START and END frame. */
    public static List<String> musicalTokens(Encoding encoding, Piece piece) {
        return encoding.encode(piece).stream().filter(t -> !SpecialTokens.isSpecial(t)).toList();
    }

    /**
     * @param index      the reference set's tokens, or null to skip the verbatim-copy measure
     * @param indexNames names of the pieces in the index, in its order
     */
    public static PieceReport of(Piece piece, Encoding encoding, CorpusIndex index, List<String> indexNames) {
        return of(piece, musicalTokens(encoding, piece), index, indexNames);
    }

    /**
     * @param tokens the piece's tokens as they were generated (START and END left out): loops of tokens that decode
     *               to no notes at all (waits, say) are only visible here, not in the decoded piece
     */
    public static PieceReport of(Piece piece, List<String> tokens, CorpusIndex index, List<String> indexNames) {
        CorpusIndex.Match copy = index == null ? null : index.longestCopy(tokens);
        String from = copy == null || copy.piece() < 0 ? null : indexNames.get(copy.piece());
        return new PieceReport(piece.name(), piece.notes().size(), piece.lengthSeconds(), tokens.size(),
                PieceFeatures.of(piece), ScaleConsistency.of(piece), Repetition.longest(tokens), copy, from,
                Recurrence.of(piece), OuterVoices.of(piece));
    }

    /** Notes per second of music at the piece's tempo (NaN for a piece without length). */
    public double notesPerSecond() {
        return seconds > 0 ? notes / seconds : Double.NaN;
    }

    /** Share of the piece's tokens in its longest verbatim copy (0..1; NaN when not measured or empty). */
    public double copiedShare() {
        if (copy == null || tokens == 0) return Double.NaN;
        return (double) copy.length() / tokens;
    }
}
