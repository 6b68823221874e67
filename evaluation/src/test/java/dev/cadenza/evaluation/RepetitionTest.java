package dev.cadenza.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cadenza.runtime.codec.ClassicEncoding;
import dev.cadenza.runtime.codec.TimedEncoding;
import dev.cadenza.runtime.midi.Piece;

class RepetitionTest {
    @Test
    void oneTokenRepeatedRunsTheWholeLength() {
        assertEquals(new Repetition(10, 1, 0), Repetition.longest(Collections.nCopies(10, "A")));
    }

    @Test
    void aPieceRepeatingOneNoteIsOneRunInEitherEncoding() {
        Piece piece = EvalPieces.repeated(60, 20);
        List<String> classic = PieceReport.musicalTokens(new ClassicEncoding(), piece);
        assertEquals(20, classic.size());
        assertEquals(20, Repetition.longest(classic).length());
        List<String> timed = PieceReport.musicalTokens(new TimedEncoding(), piece);
        Repetition run = Repetition.longest(timed);
        assertEquals(timed.size(), run.length()); // n:60 d:12 w:12 n:60 d:12 ... n:60 d:12
        assertEquals(3, run.period());
    }

    @Test
    void findsAPatternLoopInsideOtherTokens() {
        List<String> seq = List.of("x", "y", "A", "B", "C", "A", "B", "C", "A", "B", "z");
        assertEquals(new Repetition(8, 3, 2), Repetition.longest(seq));
    }

    @Test
    void nothingRepeatedIsOneAndEmptyIsZero() {
        assertEquals(1, Repetition.longest(List.of("a", "b", "c", "d")).length());
        assertEquals(0, Repetition.longest(List.of()).length());
        // "A B A" is not a repeat of "A B": the pattern must occur twice in full.
        assertEquals(1, Repetition.longest(List.of("A", "B", "A", "C")).length());
    }

    @Test
    void longPatternsAreNotShort() {
        List<String> seq = List.of("1", "2", "3", "4", "5", "1", "2", "3", "4", "5");
        assertEquals(10, Repetition.longest(seq, 5).length());
        assertEquals(1, Repetition.longest(seq, 4).length());
    }

    @Test
    void aLoopOfTokensThatDecodesToNoNotesIsStillSeenInTheSampledTokens() {
        List<String> sampled = Collections.nCopies(30, "w:48"); // an argmax loop of waits: silence
        Piece decoded = new TimedEncoding().decode("silence", sampled, 120);
        assertEquals(0, decoded.notes().size());
        Evaluation e = Evaluation.of(List.of(decoded), List.of(sampled), List.of(EvalPieces.cMajorScale()), new TimedEncoding());
        assertEquals(30, e.generated().get(0).repetition().length());
        assertEquals(30, e.generated().get(0).tokens());
        assertEquals(0, Evaluation.of(List.of(decoded), List.of(EvalPieces.cMajorScale()), new TimedEncoding())
                .generated().get(0).repetition().length()); // re-encoding the silent piece loses the loop
    }
}
